// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#include <iostream>
#include "lru_cache.hpp"

int main() {
    LruCache cache(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a");    // "a" is now the most recently used
    cache.put("c", 3); // evicts "b"
    std::cout << "b present: " << cache.get("b").has_value() << ", a = " << cache.get("a").value_or(-1)
              << ", size = " << cache.size() << "\n"; // expected: b present: 0, a = 1, size = 2
}

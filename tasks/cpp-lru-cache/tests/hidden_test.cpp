// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Hidden grader for the LRU cache: fixed scenarios, a seeded model check against a naive
// reference, and a timing check that only an O(1) implementation passes comfortably (under ASan).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>
#include "lru_cache.hpp"

static int total, passed;
#define CHECK(name, cond) do { total++; if (cond) passed++; else std::printf("FAIL %s\n", name); } while (0)

struct Naive { // front = most recently used
    std::size_t cap;
    std::vector<std::pair<std::string, int>> items;
    std::optional<int> get(const std::string &k) {
        for (std::size_t i = 0; i < items.size(); i++)
            if (items[i].first == k) {
                auto e = items[i];
                items.erase(items.begin() + (long)i);
                items.insert(items.begin(), e);
                return e.second;
            }
        return std::nullopt;
    }
    void put(const std::string &k, int v) {
        if (cap == 0) return;
        if (get(k)) { items[0].second = v; return; }
        items.insert(items.begin(), {k, v});
        if (items.size() > cap) items.pop_back();
    }
};

static bool model_check(unsigned seed, std::size_t cap, int keys) {
    std::mt19937 rng(seed);
    LruCache c(cap);
    Naive n{cap, {}};
    for (int step = 0; step < 5000; step++) {
        std::string k = "k" + std::to_string(rng() % (unsigned)keys);
        if (rng() % 2) {
            int v = (int)(rng() % 1000);
            c.put(k, v);
            n.put(k, v);
        } else if (c.get(k) != n.get(k)) {
            return false;
        }
        if (c.size() != n.items.size()) return false;
    }
    return true;
}

int main() {
    {
        LruCache c(2);
        c.put("a", 1); c.put("b", 2); c.get("a"); c.put("c", 3);
        CHECK("get refreshes recency", !c.get("b") && c.get("a") == 1 && c.get("c") == 3 && c.size() == 2);
    }
    {
        LruCache c(2);
        c.put("x", 1); c.put("y", 2); c.put("x", 10); c.put("z", 3);
        CHECK("put on an existing key updates and refreshes", c.get("x") == 10 && !c.get("y") && c.size() == 2);
    }
    {
        LruCache c(0);
        c.put("a", 1);
        CHECK("capacity 0 stores nothing", !c.get("a") && c.size() == 0);
    }
    {
        LruCache c(1);
        c.put("a", 1); c.put("b", 2);
        CHECK("capacity 1", !c.get("a") && c.get("b") == 2 && c.size() == 1);
        CHECK("missing key", !c.get("nope") && c.capacity() == 1);
    }
    CHECK("model check cap 3", model_check(11u, 3, 6));
    CHECK("model check cap 8", model_check(202u, 8, 20));
    CHECK("model check cap 50", model_check(3030u, 50, 70));
    {
        // Timing relative to a plain unordered_map doing the same lookups/inserts in this very
        // process, so sanitizers and a busy machine scale both sides.
        using clock = std::chrono::steady_clock;
        const std::size_t cap = 20000;
        const int ops = 400000;
        std::vector<std::string> keys;
        for (int i = 0; i < 40000; i++) keys.push_back("key-" + std::to_string(i));
        std::mt19937 base_rng(7);
        std::unordered_map<std::string, int> plain;
        long base_hits = 0;
        auto b0 = clock::now();
        for (int i = 0; i < ops; i++) {
            const std::string &k = keys[base_rng() % keys.size()];
            if (i % 3) { if (plain.find(k) != plain.end()) base_hits++; } else plain[k] = i;
        }
        double base = std::chrono::duration<double>(clock::now() - b0).count();
        double budget = 1.0 + 10.0 * base;
        LruCache c(cap);
        std::mt19937 rng(7);
        auto t0 = clock::now();
        long hits = 0;
        int done = 0;
        for (int i = 0; i < ops; i++, done++) {
            if (i % 10000 == 0 && std::chrono::duration<double>(clock::now() - t0).count() > budget) break;
            const std::string &k = keys[rng() % keys.size()];
            if (i % 3) { if (c.get(k)) hits++; } else c.put(k, i);
        }
        double s = std::chrono::duration<double>(clock::now() - t0).count();
        std::printf("%d operations on a %zu-entry cache: %.2f s (a hash map alone: %.2f s; budget %.1f s)\n",
                    done, cap, s, base, budget);
        CHECK("O(1) operations (within 10x a plain hash map + 1 s)", done == ops && s < budget && c.size() == cap && hits > 0);
    }
    std::printf("%d/%d checks passed\n", passed, total);
    const char *score = std::getenv("HB_SCORE_FILE");
    FILE *f = score ? std::fopen(score, "w") : nullptr;
    if (f) { std::fprintf(f, "{\"tests_passed\": %d, \"tests_total\": %d}\n", passed, total); std::fclose(f); }
    return passed == total ? 0 : 1;
}

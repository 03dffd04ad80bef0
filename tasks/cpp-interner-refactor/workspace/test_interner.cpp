// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#include <cassert>
#include <cstdio>
#include <stdexcept>
#include "interner.hpp"

int main() {
    int a = intern("alpha"), b = intern("beta");
    assert(a == 0 && b == 1);
    assert(intern("alpha") == 0);
    assert(name_of(1) == "beta");
    assert(interned_count() == 2);
    bool threw = false;
    try { name_of(2); } catch (const std::out_of_range &) { threw = true; }
    assert(threw);
    std::puts("ok");
}

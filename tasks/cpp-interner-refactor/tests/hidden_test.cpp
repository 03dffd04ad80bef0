// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Hidden grader for the interner refactor. Run as `hidden_test <section>`; each section prints
// FAIL lines and exits non-zero on failure. No namespace-scope variables here on purpose.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include "interner.hpp"

#define CHECK(name, cond) do { if (!(cond)) { std::printf("FAIL %s\n", name); ok = false; } } while (0)

static bool throws_out_of_range(const Interner &in, int id) {
    try { (void)in.name_of(id); } catch (const std::out_of_range &) { return true; } catch (...) {}
    return false;
}

static std::vector<std::string> words(unsigned seed, int n) {
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < n; i++) {
        std::string w = "w" + std::to_string(i) + "-";
        int len = (int)(rng() % 30);
        for (int k = 0; k < len; k++) w += (char)('a' + rng() % 26);
        out.push_back(w);
    }
    return out;
}

static bool basic() {
    bool ok = true;
    CHECK("free functions: ids in order of first use", intern("red") == 0 && intern("green") == 1 && intern("red") == 0);
    CHECK("free functions: name_of and interned_count", name_of(1) == "green" && interned_count() == 2);
    bool threw = false;
    try { (void)name_of(7); } catch (const std::out_of_range &) { threw = true; } catch (...) {}
    CHECK("free functions: name_of throws std::out_of_range", threw);
    CHECK("free functions use default_interner()",
          &default_interner() == &default_interner() && default_interner().intern("green") == 1 &&
          default_interner().intern("blue") == 2 && intern("blue") == 2 && default_interner().size() == 3);
    Interner in;
    CHECK("Interner: ids and names", in.intern("x") == 0 && in.intern("y") == 1 && in.intern("x") == 0 &&
          in.name_of(0) == "x" && in.size() == 2);
    CHECK("Interner: name_of throws std::out_of_range", throws_out_of_range(in, -1) && throws_out_of_range(in, 2));
    CHECK("Interner: empty string is a string", in.intern("") == 2 && in.name_of(2).empty());
    return ok;
}

static bool independent() {
    bool ok = true;
    Interner a, b;
    std::size_t before = interned_count();
    CHECK("instances are independent", a.intern("one") == 0 && b.intern("two") == 0 && a.intern("two") == 1 &&
          b.size() == 1 && a.size() == 2 && b.name_of(0) == "two");
    CHECK("instances do not touch the default interner", interned_count() == before);
    {
        Interner c;
        c.intern("temporary");
    }
    Interner d;
    CHECK("a new instance starts empty", d.size() == 0 && d.intern("temporary") == 0);
    return ok;
}

static bool references() {
    bool ok = true;
    Interner in;
    std::vector<const std::string *> refs;
    std::vector<std::string> w = words(99, 200000);
    for (int i = 0; i < 64; i++) refs.push_back(&in.name_of(in.intern(w[(size_t)i])));
    for (size_t i = 64; i < w.size(); i++) in.intern(w[i]);
    bool same = true;
    for (int i = 0; i < 64; i++) same = same && *refs[(size_t)i] == w[(size_t)i];
    CHECK("references from name_of stay valid after many more interns", same);
    const std::string &first = name_of(intern("stable-default"));
    for (int i = 0; i < 50000; i++) intern("more-" + std::to_string(i));
    CHECK("references from the free name_of stay valid", first == "stable-default");
    return ok;
}

static bool threads() {
    bool ok = true;
    const int T = 4, N = 6000;
    Interner in;
    std::vector<std::string> w = words(7, N);
    std::vector<std::vector<int>> ids(T, std::vector<int>(N, -1));
    std::vector<int> bad(T, 0);
    std::vector<std::thread> pool;
    for (int t = 0; t < T; t++) {
        pool.emplace_back([&, t] {
            std::vector<int> order(N);
            for (int i = 0; i < N; i++) order[(size_t)i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937((unsigned)t + 1));
            std::vector<const std::string *> held;
            for (int i : order) {
                int id = in.intern(w[(size_t)i]);
                ids[(size_t)t][(size_t)i] = id;
                const std::string &name = in.name_of(id);
                if (name != w[(size_t)i]) bad[(size_t)t]++;
                if (held.size() < 100) held.push_back(&name);
                if (in.size() == 0) bad[(size_t)t]++;
                if (default_interner().intern(w[(size_t)i % 50]) < 0) bad[(size_t)t]++;
            }
            for (size_t k = 0; k < held.size(); k++)
                if (held[k]->empty() || held[k]->at(0) != 'w') bad[(size_t)t]++;
        });
    }
    for (auto &th : pool) th.join();
    bool agree = true, names = true;
    std::vector<int> seen((size_t)N, 0);
    for (int i = 0; i < N; i++) {
        for (int t = 1; t < T; t++) agree = agree && ids[(size_t)t][(size_t)i] == ids[0][(size_t)i];
        int id = ids[0][(size_t)i];
        if (id < 0 || id >= N || seen[(size_t)id]++) agree = false;
        else names = names && in.name_of(id) == w[(size_t)i];
    }
    CHECK("concurrent callers agree on every id, ids are 0..n-1", agree && in.size() == (size_t)N);
    CHECK("concurrent name_of returns the right strings", names && std::count(bad.begin(), bad.end(), 0) == T);
    return ok;
}

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const char *s = argc > 1 ? argv[1] : "";
    bool ok = !std::strcmp(s, "basic") ? basic() : !std::strcmp(s, "independent") ? independent()
            : !std::strcmp(s, "references") ? references() : !std::strcmp(s, "threads") ? threads() : false;
    return ok ? 0 : 1;
}

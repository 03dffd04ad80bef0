// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Runner for cpp-lru-cache (uid 1000, linked with the agent's lru_cache.cpp under ASan). It answers
// with what the cache did; the driver (grade.py) decides. Requests, one per line, "OP NONCE ...";
// every answer starts with the request's NONCE (lines printed before a request was sent, e.g. by
// a constructor in the agent's code, cannot carry it):
//   run NONCE CAP OP...  a fresh LruCache(CAP), then each OP: p:KEY:VALUE (put, answers _), g:KEY
//                        (get, answers the value or none), s (size), c (capacity); answers the
//                        results, space-separated
//   timing NONCE         a mixed get/put workload, timed against a plain unordered_map doing the
//                        same work in this process; answers "done ops seconds base_seconds size hits"
extern "C" { // first: macros in the agent's header cannot rewrite it
#include "/hbench/lib/hbrunner.h"
}
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>
#include "lru_cache.hpp"
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
// The last line on stderr names the error, so the driver's failure detail shows it.
static char asan_summary[300];
static void on_report(const char *report) {
    const char *s = std::strstr(report, "SUMMARY: "); // "SUMMARY: AddressSanitizer: <kind> (<where>) ..."
    if (s) std::snprintf(asan_summary, sizeof asan_summary, "%.*s", (int)std::strcspn(s + 9, "(\n") + 9, s);
}
static void on_death() { std::fprintf(stderr, "%s\n", asan_summary[0] ? asan_summary : "AddressSanitizer error"); }
#endif

static std::string run(std::istringstream &in) {
    std::size_t cap = 0;
    in >> cap;
    LruCache c(cap);
    std::string op, out;
    while (in >> op) {
        if (!out.empty()) out += ' ';
        if (op == "s") out += std::to_string(c.size());
        else if (op == "c") out += std::to_string(c.capacity());
        else if (op.rfind("g:", 0) == 0) {
            std::optional<int> v = c.get(op.substr(2));
            out += v ? std::to_string(*v) : "none";
        } else if (op.rfind("p:", 0) == 0) {
            std::size_t colon = op.rfind(':');
            c.put(op.substr(2, colon - 2), std::atoi(op.c_str() + colon + 1));
            out += '_';
        } else out += "?";
    }
    return out;
}

static std::string timing() {
    // The same workload as the old hidden test; the agent's code could bend these numbers only by
    // targeting this (hidden) runner's memory. The driver bounds seconds by base_seconds.
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
    volatile long sink = base_hits; // keeps the baseline loop
    (void)sink;
    double base = std::chrono::duration<double>(clock::now() - b0).count();
    double budget = 1.0 + 10.0 * base; // stop early once past what the driver accepts
    LruCache c(cap);
    std::mt19937 rng(7);
    long hits = 0;
    int done = 0;
    auto t0 = clock::now();
    for (int i = 0; i < ops; i++, done++) {
        if (i % 10000 == 0 && std::chrono::duration<double>(clock::now() - t0).count() > budget) break;
        const std::string &k = keys[rng() % keys.size()];
        if (i % 3) { if (c.get(k)) hits++; } else c.put(k, i);
    }
    double s = std::chrono::duration<double>(clock::now() - t0).count();
    char buf[200];
    std::snprintf(buf, sizeof buf, "%d %d %.4f %.4f %zu %ld", done, ops, s, base, c.size(), hits);
    return buf;
}

int main() {
    hb_start();
#ifdef __SANITIZE_ADDRESS__
    __asan_set_error_report_callback(on_report);
    __sanitizer_set_death_callback(on_death);
#endif
    static char line[1 << 20];
    while (hb_request(line, sizeof line)) {
        std::istringstream in(line);
        std::string op, nonce;
        in >> op >> nonce;
        std::string out = op == "run" ? run(in) : op == "timing" ? timing() : "unknown request";
        hb_answer("%s %s", nonce.c_str(), out.c_str());
    }
}

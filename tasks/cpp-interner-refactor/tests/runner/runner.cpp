// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
// Runner for cpp-interner-refactor (uid 1000, linked with the agent's interner.cpp under ASan or
// TSan). Each request is "SECTION NONCE" (basic, independent, references, threads); the answer is
// a JSON object of what the agent's Interner and free functions returned, with the request's nonce
// (lines printed before the request was sent, e.g. by the agent's constructors, cannot carry it).
// The driver (grade.py) decides.
extern "C" { // first: macros in the agent's header cannot rewrite it
#include "/hbench/lib/hbrunner.h"
}
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include "interner.hpp"
#ifdef __SANITIZE_THREAD__
#include <sanitizer/common_interface_defs.h>
static void on_death() { std::fprintf(stderr, "\nThreadSanitizer reported an error (typically a data race) and stopped the runner\n"); }
#endif
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
// The last line on stderr names the error, so the driver's failure detail shows it.
static char asan_summary[300];
static void on_report(const char *report) {
    const char *s = std::strstr(report, "SUMMARY: "); // "SUMMARY: AddressSanitizer: <kind> (<where>) ..."
    if (s) std::snprintf(asan_summary, sizeof asan_summary, "%.*s", (int)std::strcspn(s + 9, "(\n") + 9, s);
}
static void on_asan_death() { std::fprintf(stderr, "\n%s\n", asan_summary[0] ? asan_summary : "AddressSanitizer error"); }
#endif

static std::string hb_json(const std::string &s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += (char)c;
        else if (c < 0x20 || c >= 0x7f) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
        else out += (char)c;
    }
    return out + "\"";
}
static std::string hb_json(long n) { return std::to_string(n); }
static std::string hb_json(bool b) { return b ? "true" : "false"; }
template <class T> static std::string hb_json(const std::vector<T> &v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); i++) out += (i ? "," : "") + hb_json(v[i]);
    return out + "]";
}

// What name_of(id) does: "out_of_range", "other" (another exception) or "none" (no exception).
template <class F> static std::string hb_thrown(F f) {
    try { f(); } catch (const std::out_of_range &) { return "out_of_range"; } catch (...) { return "other"; }
    return "none";
}

static std::vector<std::string> hb_words(unsigned seed, int n) {
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

struct HbObject { // builds a JSON object in the order the values are produced
    std::string s = "{";
    template <class T> HbObject &add(const char *key, const T &v) { s += (s.size() > 1 ? ",\"" : "\"") + std::string(key) + "\":" + hb_json(v); return *this; }
    std::string str() const { return s + "}"; }
};

static void section_basic(HbObject &o) {
    o.add("free ids", std::vector<long>{intern("red"), intern("green"), intern("red")});
    o.add("free name_of(1)", name_of(1)).add("free count", (long)interned_count());
    o.add("free name_of(7)", hb_thrown([] { (void)name_of(7); }));
    Interner &d = default_interner();
    o.add("default is one instance", &d == &default_interner());
    o.add("default ids", std::vector<long>{d.intern("green"), d.intern("blue"), intern("blue")});
    o.add("default size", (long)default_interner().size());
    Interner in;
    o.add("ids", std::vector<long>{in.intern("x"), in.intern("y"), in.intern("x")});
    o.add("name_of(0)", in.name_of(0)).add("size", (long)in.size());
    o.add("name_of(-1)", hb_thrown([&] { (void)in.name_of(-1); })).add("name_of(2)", hb_thrown([&] { (void)in.name_of(2); }));
    o.add("empty id", (long)in.intern("")).add("empty name", in.name_of(2));
}

static void section_independent(HbObject &o) {
    Interner a, b;
    long before = (long)interned_count();
    o.add("ids", std::vector<long>{a.intern("one"), b.intern("two"), a.intern("two")});
    o.add("sizes", std::vector<long>{(long)a.size(), (long)b.size()}).add("b name_of(0)", b.name_of(0));
    o.add("default count change", (long)interned_count() - before);
    {
        Interner c;
        c.intern("temporary");
    }
    Interner d;
    long fresh = (long)d.size();
    o.add("new instance", std::vector<long>{fresh, d.intern("temporary")});
}

static void section_references(HbObject &o) {
    Interner in;
    std::vector<const std::string *> refs;
    std::vector<std::string> w = hb_words(99, 200000);
    for (int i = 0; i < 64; i++) refs.push_back(&in.name_of(in.intern(w[(size_t)i])));
    for (size_t i = 64; i < w.size(); i++) in.intern(w[i]);
    std::vector<std::string> held;
    for (const std::string *r : refs) held.push_back(*r);
    const std::string &first = name_of(intern("stable-default"));
    for (int i = 0; i < 50000; i++) intern("more-" + std::to_string(i));
    o.add("held", held).add("free held", first);
}

static void section_threads(HbObject &o) {
    const int T = 4, N = 6000;
    Interner in;
    std::vector<std::string> w = hb_words(7, N);
    std::vector<std::vector<long>> ids(T, std::vector<long>(N, -1));
    // In-flight observations (name_of(id) != the word, size() == 0, default intern < 0), counted
    // per thread: numbers the agent's code could forge only by targeting this hidden runner.
    std::vector<long> bad(T, 0);
    std::vector<std::vector<std::pair<int, const std::string *>>> held(T);
    std::vector<std::thread> pool;
    for (int t = 0; t < T; t++) {
        pool.emplace_back([&, t] {
            std::vector<int> order(N);
            for (int i = 0; i < N; i++) order[(size_t)i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937((unsigned)t + 1));
            for (int i : order) {
                int id = in.intern(w[(size_t)i]);
                ids[(size_t)t][(size_t)i] = id;
                const std::string &name = in.name_of(id);
                if (name != w[(size_t)i]) bad[(size_t)t]++;
                if (held[(size_t)t].size() < 100) held[(size_t)t].push_back({i, &name});
                if (in.size() == 0) bad[(size_t)t]++;
                if (default_interner().intern(w[(size_t)i % 50]) < 0) bad[(size_t)t]++;
            }
        });
    }
    for (auto &th : pool) th.join();
    std::vector<long> held_index;
    std::vector<std::string> held_value, names;
    for (auto &h : held)
        for (auto &p : h) held_index.push_back(p.first), held_value.push_back(*p.second);
    long size = (long)in.size();
    for (long id = 0; id < std::min<long>(size, N); id++) names.push_back(in.name_of((int)id));
    o.add("ids", ids).add("bad", bad).add("size", size).add("names", names)
        .add("held index", held_index).add("held value", held_value);
}

int main() {
    hb_start();
#if defined(__SANITIZE_ADDRESS__)
    __asan_set_error_report_callback(on_report);
    __sanitizer_set_death_callback(on_asan_death);
#elif defined(__SANITIZE_THREAD__)
    __sanitizer_set_death_callback(on_death);
#endif
    char line[256];
    while (hb_request(line, sizeof line)) {
        char name[64] = "", nonce[64] = "";
        std::sscanf(line, "%63s %63s", name, nonce);
        HbObject o;
        o.add("nonce", std::string(nonce));
        try {
            if (!std::strcmp(name, "basic")) section_basic(o);
            else if (!std::strcmp(name, "independent")) section_independent(o);
            else if (!std::strcmp(name, "references")) section_references(o);
            else if (!std::strcmp(name, "threads")) section_threads(o);
        } catch (const std::exception &e) {
            o.add("exception", std::string(e.what()));
        } catch (...) {
            o.add("exception", std::string("non-standard"));
        }
        hb_answer("%s", o.str().c_str());
    }
}

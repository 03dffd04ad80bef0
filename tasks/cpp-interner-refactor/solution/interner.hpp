// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#pragma once
#include <cstddef>
#include <deque>
#include <shared_mutex>
#include <string>
#include <unordered_map>

// Interns strings: equal strings get the same small integer id (0, 1, 2, ... in order of first use).
// Thread-safe; references returned by name_of stay valid for the interner's lifetime.
class Interner {
public:
    Interner() = default;
    Interner(const Interner &) = delete;
    Interner &operator=(const Interner &) = delete;

    int intern(const std::string &s);
    const std::string &name_of(int id) const; // throws std::out_of_range for an unknown id
    std::size_t size() const;

private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, int> ids_;
    std::deque<std::string> names_; // a deque never moves its elements on push_back
};

Interner &default_interner();

// The original free functions, on the default interner.
int intern(const std::string &s);
const std::string &name_of(int id); // throws std::out_of_range for an unknown id
std::size_t interned_count();

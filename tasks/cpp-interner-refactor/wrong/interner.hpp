// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#pragma once
#include <cstddef>
#include <mutex>
#include <vector>
#include <string>
#include <unordered_map>

// Interns strings: equal strings get the same small integer id (0, 1, 2, ... in order of first use).
// Thread-safe: every method takes the instance's mutex.
class Interner {
public:
    Interner() = default;
    Interner(const Interner &) = delete;
    Interner &operator=(const Interner &) = delete;

    int intern(const std::string &s);
    const std::string &name_of(int id) const; // throws std::out_of_range for an unknown id
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, int> ids_;
    std::vector<std::string> names_;
};

Interner &default_interner();

// The original free functions, on the default interner.
int intern(const std::string &s);
const std::string &name_of(int id); // throws std::out_of_range for an unknown id
std::size_t interned_count();

// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#include "interner.hpp"

#include <stdexcept>

// Plausible but wrong: a per-instance mutex makes every call thread-safe, but the names live
// in a std::vector, so a reference returned by name_of dangles once a later intern() grows it.
int Interner::intern(const std::string &s) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    int id = static_cast<int>(names_.size());
    names_.push_back(s);
    ids_.emplace(s, id);
    return id;
}

const std::string &Interner::name_of(int id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (id < 0 || static_cast<std::size_t>(id) >= names_.size()) throw std::out_of_range("unknown id");
    return names_[static_cast<std::size_t>(id)];
}

std::size_t Interner::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return names_.size();
}

Interner &default_interner() {
    static Interner instance;
    return instance;
}

int intern(const std::string &s) { return default_interner().intern(s); }

const std::string &name_of(int id) { return default_interner().name_of(id); }

std::size_t interned_count() { return default_interner().size(); }

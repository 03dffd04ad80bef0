// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#include "interner.hpp"

#include <stdexcept>
#include <unordered_map>
#include <vector>

static std::unordered_map<std::string, int> g_ids;
static std::vector<std::string> g_names;

int intern(const std::string &s) {
    auto it = g_ids.find(s);
    if (it != g_ids.end()) return it->second;
    int id = static_cast<int>(g_names.size());
    g_names.push_back(s);
    g_ids.emplace(s, id);
    return id;
}

const std::string &name_of(int id) {
    if (id < 0 || static_cast<std::size_t>(id) >= g_names.size()) throw std::out_of_range("unknown id");
    return g_names[static_cast<std::size_t>(id)];
}

std::size_t interned_count() { return g_names.size(); }

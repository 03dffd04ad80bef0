// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#pragma once
#include <cstddef>
#include <string>

// Interns strings: equal strings get the same small integer id (0, 1, 2, ... in order of first use).
int intern(const std::string &s);
const std::string &name_of(int id); // throws std::out_of_range for an unknown id
std::size_t interned_count();

// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#pragma once
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

class LruCache {
public:
    explicit LruCache(std::size_t capacity);
    std::optional<int> get(const std::string &key);
    void put(const std::string &key, int value);
    std::size_t size() const;
    std::size_t capacity() const;

private:
    using Entry = std::pair<std::string, int>;
    std::size_t capacity_;
    std::list<Entry> order_; // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
#include "lru_cache.hpp"

LruCache::LruCache(std::size_t capacity) : capacity_(capacity) {}

std::optional<int> LruCache::get(const std::string &key) {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second); // move to front; iterators stay valid
    return it->second->second;
}

void LruCache::put(const std::string &key, int value) {
    if (capacity_ == 0) return;
    auto it = index_.find(key);
    if (it != index_.end()) {
        it->second->second = value;
        order_.splice(order_.begin(), order_, it->second);
        return;
    }
    order_.emplace_front(key, value);
    index_[key] = order_.begin();
    if (index_.size() > capacity_) {
        index_.erase(order_.back().first);
        order_.pop_back();
    }
}

std::size_t LruCache::size() const { return index_.size(); }

std::size_t LruCache::capacity() const { return capacity_; }

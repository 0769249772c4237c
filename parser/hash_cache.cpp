#include "parser/hash_cache.h"

namespace audisp_ima {

std::string HashCache::key_of(const FileIdentity& id) {
    // '\n' cannot appear in a node name or a dev token, so the key is unambiguous.
    std::string key;
    key.reserve(id.node.size() + id.dev.size() + 24);
    key.append(id.node).push_back('\n');
    key.append(id.dev).push_back('\n');
    key.append(std::to_string(id.inode));
    return key;
}

void HashCache::remember(const FileIdentity& id, CachedHash entry) {
    if (capacity_ == 0) return;
    std::string key = key_of(id);
    if (auto it = index_.find(key); it != index_.end()) {
        it->second->second = std::move(entry);
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    if (index_.size() >= capacity_) {
        index_.erase(lru_.back().first);
        lru_.pop_back();
        ++evictions_;
    }
    lru_.emplace_front(key, std::move(entry));
    index_.emplace(std::move(key), lru_.begin());
}

const CachedHash* HashCache::find(const FileIdentity& id) {
    auto it = index_.find(key_of(id));
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->second;
}

}  // namespace audisp_ima

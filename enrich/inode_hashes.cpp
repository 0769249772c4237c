#include "enrich/inode_hashes.h"

namespace audisp_ima {

std::string InodeHashes::key_of(const std::string& node, const FileId& id) {
    // '\n' cannot appear in a node name or a dev token, so the key is unambiguous.
    std::string key;
    key.reserve(node.size() + id.dev.size() + 24);
    key.append(node).push_back('\n');
    key.append(id.dev).push_back('\n');
    key.append(std::to_string(id.inode));
    return key;
}

void InodeHashes::remember(const std::string& node, const FileId& id, KnownHash entry) {
    if (capacity_ == 0) return;
    std::string key = key_of(node, id);
    if (auto it = index_.find(key); it != index_.end()) {
        it->second->value = std::move(entry);
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    if (index_.size() >= capacity_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
        ++evictions_;
    }
    lru_.push_front(Entry{key, node, std::move(entry)});
    index_.emplace(std::move(key), lru_.begin());
}

const KnownHash* InodeHashes::find(const std::string& node, const FileId& id) {
    auto it = index_.find(key_of(node, id));
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->value;
}

void InodeHashes::forget(const std::string& node, const FileId& id) {
    auto it = index_.find(key_of(node, id));
    if (it == index_.end()) return;
    lru_.erase(it->second);
    index_.erase(it);
}

std::vector<std::pair<std::string, KnownHash>> InodeHashes::stamped() const {
    std::vector<std::pair<std::string, KnownHash>> out;
    for (auto it = lru_.rbegin(); it != lru_.rend(); ++it)
        if (it->value.stamp) out.emplace_back(it->node, it->value);
    return out;
}

}  // namespace audisp_ima

#include "enrich/inode_hashes.h"

namespace audisp_ima {

std::optional<uint32_t> InodeHashes::volume(const std::string& node, const std::string& dev, bool add) {
    if (last_volume_ && node == last_node_ && dev == last_dev_) return last_volume_;
    // '\n' cannot appear in a node name or a dev token, so the name is unambiguous.
    std::string name;
    name.reserve(node.size() + 1 + dev.size());
    name.append(node).append(1, '\n').append(dev);
    std::optional<uint32_t> id;
    if (auto it = volume_ids_.find(name); it != volume_ids_.end()) {
        id = it->second;
    } else if (add && volume_nodes_.size() < kMaxVolumes) {
        id = static_cast<uint32_t>(volume_nodes_.size());
        volume_ids_.emplace(std::move(name), *id);
        volume_nodes_.push_back(node);
    }
    if (id) {
        last_node_ = node;
        last_dev_ = dev;
        last_volume_ = id;
    }
    return id;
}

void InodeHashes::remember(const std::string& node, const FileId& id, KnownHash entry) {
    if (capacity_ == 0) return;
    auto v = volume(node, id.dev, true);
    if (!v) return;
    Key key{*v, id.inode};
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
    lru_.push_front(Entry{key, std::move(entry)});
    index_.emplace(key, lru_.begin());
}

const KnownHash* InodeHashes::find(const std::string& node, const FileId& id) {
    auto v = volume(node, id.dev, false);
    if (!v) return nullptr;
    auto it = index_.find(Key{*v, id.inode});
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->value;
}

void InodeHashes::forget(const std::string& node, const FileId& id) {
    auto v = volume(node, id.dev, false);
    if (!v) return;
    auto it = index_.find(Key{*v, id.inode});
    if (it == index_.end()) return;
    lru_.erase(it->second);
    index_.erase(it);
}

std::vector<std::pair<std::string, KnownHash>> InodeHashes::stamped() const {
    std::vector<std::pair<std::string, KnownHash>> out;
    for (auto it = lru_.rbegin(); it != lru_.rend(); ++it)
        if (it->value.stamp) out.emplace_back(volume_nodes_[it->key.volume], it->value);
    return out;
}

}  // namespace audisp_ima

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
        volume_devs_.push_back(dev);
    }
    if (id) {
        last_node_ = node;
        last_dev_ = dev;
        last_volume_ = id;
    }
    return id;
}

InodeHashes::Entry::Entry(Key k, const KnownHash& known)
    : key(k), path(known.path), hash(known.hash), source(known.source), stamped(known.stamp.has_value()) {
    if (known.stamp) {
        ctime_ns = known.stamp->ctime_ns;
        mtime_ns = known.stamp->mtime_ns;
        size = known.stamp->size;
    }
}

KnownHash InodeHashes::unpack(const Entry& entry) const {
    KnownHash out{entry.path, entry.hash.unpack(), entry.source, std::nullopt};
    if (entry.stamped)
        out.stamp = FileStamp{FileId{volume_devs_[entry.key.volume], entry.key.inode}, entry.ctime_ns, entry.mtime_ns,
                              entry.size};
    return out;
}

void InodeHashes::remember(const std::string& node, const FileId& id, const KnownHash& entry) {
    if (capacity_ == 0) return;
    auto v = volume(node, id.dev, true);
    if (!v) return;
    Key key{*v, id.inode};
    Entry packed(key, entry);
    if (entry.stamp && !(entry.stamp->id == id)) packed.stamped = false;
    if (auto it = index_.find(key); it != index_.end()) {
        *it->second = std::move(packed);
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    if (index_.size() >= capacity_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
        ++evictions_;
    }
    lru_.push_front(std::move(packed));
    index_.emplace(key, lru_.begin());
}

std::optional<KnownHash> InodeHashes::find(const std::string& node, const FileId& id) {
    auto v = volume(node, id.dev, false);
    if (!v) return std::nullopt;
    auto it = index_.find(Key{*v, id.inode});
    if (it == index_.end()) return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second);
    return unpack(*it->second);
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
        if (it->stamped) out.emplace_back(volume_nodes_[it->key.volume], unpack(*it));
    return out;
}

}  // namespace audisp_ima

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

InodeHashes::Entry::Entry(const KnownHash& known)
    : path(known.path), hash(known.hash), source(known.source), stamped(known.stamp.has_value()) {
    if (known.stamp) {
        ctime_ns = known.stamp->ctime_ns;
        mtime_ns = known.stamp->mtime_ns;
        size = known.stamp->size;
    }
}

KnownHash InodeHashes::unpack(const Key& key, const Entry& entry) const {
    KnownHash out{entry.path, entry.hash.unpack(), entry.source, std::nullopt};
    if (entry.stamped)
        out.stamp = FileStamp{FileId{volume_devs_[key.volume], key.inode}, entry.ctime_ns, entry.mtime_ns, entry.size};
    return out;
}

void InodeHashes::remember(const std::string& node, const FileId& id, const KnownHash& entry) {
    if (entries_.capacity() == 0) return;
    auto v = volume(node, id.dev, true);
    if (!v) return;
    Entry packed(entry);
    if (entry.stamp && !(entry.stamp->id == id)) packed.stamped = false;
    if (entries_.put(Key{*v, id.inode}, std::move(packed))) ++evictions_;
}

std::optional<KnownHash> InodeHashes::find(const std::string& node, const FileId& id) {
    auto v = volume(node, id.dev, false);
    if (!v) return std::nullopt;
    Key key{*v, id.inode};
    const Entry* entry = entries_.find(key);
    if (!entry) return std::nullopt;
    return unpack(key, *entry);
}

void InodeHashes::forget(const std::string& node, const FileId& id) {
    if (auto v = volume(node, id.dev, false)) entries_.erase(Key{*v, id.inode});
}

std::vector<std::pair<std::string, KnownHash>> InodeHashes::stamped() const {
    std::vector<std::pair<std::string, KnownHash>> out;
    entries_.for_each_oldest_first([&](const Key& key, const Entry& entry) {
        if (entry.stamped) out.emplace_back(volume_nodes_[key.volume], unpack(key, entry));
    });
    return out;
}

}  // namespace audisp_ima

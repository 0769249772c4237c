#include "enrich/path_hashes.h"

namespace audisp_ima {

PathHash& PathHashes::slot(const std::string& node, const std::string& path, bool& created) {
    std::string key = key_of(node, path);
    auto it = map_.find(key);
    created = it == map_.end();
    if (!created) return it->second;
    while (capacity_ > 0 && map_.size() >= capacity_ && !order_.empty()) {
        map_.erase(order_.front());
        order_.pop_front();
        ++evictions_;
    }
    order_.push_back(key);
    return map_.emplace(std::move(key), PathHash{}).first->second;
}

const PathHash& PathHashes::learn(const std::string& node, const std::string& path, const FileHash& hash) {
    bool created = false;
    PathHash& entry = slot(node, path, created);
    if (!created && (entry.hash.algorithm != hash.algorithm || entry.hash.digest != hash.digest)) {
        entry.ambiguous = true;
        entry.bound.reset();
    }
    entry.hash = hash;
    return entry;
}

void PathHashes::poison(const std::string& node, const std::string& path) {
    bool created = false;
    PathHash& entry = slot(node, path, created);
    entry.ambiguous = true;
    entry.bound.reset();
}

void PathHashes::bind(const std::string& node, const std::string& path, const FileId& id) {
    auto it = map_.find(key_of(node, path));
    if (it != map_.end() && !it->second.ambiguous) it->second.bound = id;
}

void PathHashes::mark_ambiguous(const std::string& node, const std::string& path) {
    auto it = map_.find(key_of(node, path));
    if (it == map_.end()) return;
    it->second.ambiguous = true;
    it->second.bound.reset();
}

const PathHash* PathHashes::find(const std::string& node, const std::string& path) const {
    auto it = map_.find(key_of(node, path));
    return it == map_.end() ? nullptr : &it->second;
}

}  // namespace audisp_ima

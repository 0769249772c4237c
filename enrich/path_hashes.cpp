#include "enrich/path_hashes.h"

namespace audisp_ima {

PathHashes::Entry* PathHashes::slot(const std::string& node, const std::string& path, bool& created) {
    std::string key = key_of(node, path);
    Entry* entry = entries_.peek(key);
    created = entry == nullptr;
    if (!created) return entry;
    if (entries_.capacity() == 0) return nullptr;
    if (entries_.put(key, Entry{})) ++evictions_;
    return entries_.peek(key);
}

void PathHashes::learn(const std::string& node, const std::string& path, const FileHash& hash) {
    bool created = false;
    Entry* entry = slot(node, path, created);
    if (!entry) return;
    if (!created) {
        FileHash was = entry->hash.unpack();
        if (was.algorithm != hash.algorithm || was.digest != hash.digest) {
            entry->ambiguous = true;
            entry->bound.reset();
        }
    }
    entry->hash = PackedHash(hash);
}

void PathHashes::poison(const std::string& node, const std::string& path) {
    bool created = false;
    Entry* entry = slot(node, path, created);
    if (!entry) return;
    entry->ambiguous = true;
    entry->bound.reset();
}

void PathHashes::bind(const std::string& node, const std::string& path, const FileId& id) {
    Entry* entry = entries_.peek(key_of(node, path));
    if (entry && !entry->ambiguous) entry->bound = id;
}

void PathHashes::mark_ambiguous(const std::string& node, const std::string& path) {
    Entry* entry = entries_.peek(key_of(node, path));
    if (!entry) return;
    entry->ambiguous = true;
    entry->bound.reset();
}

std::optional<PathHash> PathHashes::find(const std::string& node, const std::string& path) const {
    const Entry* entry = entries_.peek(key_of(node, path));
    if (!entry) return std::nullopt;
    return PathHash{entry->hash.unpack(), entry->ambiguous, entry->bound};
}

}  // namespace audisp_ima

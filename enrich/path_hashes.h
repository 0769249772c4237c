// Digests the kernel measured, by path, for measurements that name no inode: standalone
// INTEGRITY_RULE records and IMA's measurement list. A path is weaker than an inode (another mount
// namespace, or a file renamed over it, has the same path), so a path whose measurements disagree
// is marked ambiguous and never answers, and an entry bound to an inode answers only for that inode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "enrich/lru_map.h"
#include "enrich/packed_hash.h"
#include "parser/exec_event.h"

namespace audisp_ima {

struct PathHash {
    FileHash hash;                // the latest digest measured under the path
    bool ambiguous = false;       // two different digests, or a measurement violation, under it
    std::optional<FileId> bound;  // the inode stat found at the path when it was bound
};

// Oldest learned out first (a lookup does not keep a path). Kept only with path_hashes = yes. An
// entry takes about 180-215 bytes of peak RSS, its digest packed (enrich/packed_hash.h), in a flat
// map (enrich/lru_map.h); as a FileHash in a std::unordered_map with a std::deque for the order it
// took 380-445 (measured with bench-hash-sources set to keep path hashes, 16,384 and 100,000).
class PathHashes {
public:
    explicit PathHashes(size_t capacity) : entries_(capacity) {}

    // A measurement of `path`. With capacity 0 nothing is kept.
    void learn(const std::string& node, const std::string& path, const FileHash& hash);
    // A measurement whose content cannot be trusted (IMA's violation entries): the path never answers.
    void poison(const std::string& node, const std::string& path);
    void bind(const std::string& node, const std::string& path, const FileId& id);
    void mark_ambiguous(const std::string& node, const std::string& path);
    std::optional<PathHash> find(const std::string& node, const std::string& path) const;

    size_t size() const { return entries_.size(); }
    uint64_t evictions() const { return evictions_; }

private:
    struct Entry {
        PackedHash hash;
        bool ambiguous = false;
        std::optional<FileId> bound;
    };
    Entry* slot(const std::string& node, const std::string& path, bool& created);
    static std::string key_of(const std::string& node, const std::string& path) { return node + '\n' + path; }

    uint64_t evictions_ = 0;
    // Only put() reorders an LruMap, and an entry is put once, when first learned: the order is
    // the order learned.
    LruMap<std::string, Entry, std::hash<std::string>> entries_;
};

}  // namespace audisp_ima

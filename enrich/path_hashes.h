// Digests the kernel measured, by path, for measurements that name no inode: standalone
// INTEGRITY_RULE records and IMA's measurement list. A path is weaker than an inode (another mount
// namespace, or a file renamed over it, has the same path), so a path whose measurements disagree
// is marked ambiguous and never answers, and an entry bound to an inode answers only for that inode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "parser/exec_event.h"

namespace audisp_ima {

struct PathHash {
    FileHash hash;                // the latest digest measured under the path
    bool ambiguous = false;       // two different digests, or a measurement violation, under it
    std::optional<FileId> bound;  // the inode stat found at the path when it was bound
};

class PathHashes {
public:
    explicit PathHashes(size_t capacity) : capacity_(capacity) {}

    // A measurement of `path`; returns the entry as it is now.
    const PathHash& learn(const std::string& node, const std::string& path, const FileHash& hash);
    // A measurement whose content cannot be trusted (IMA's violation entries): the path never answers.
    void poison(const std::string& node, const std::string& path);
    void bind(const std::string& node, const std::string& path, const FileId& id);
    void mark_ambiguous(const std::string& node, const std::string& path);
    const PathHash* find(const std::string& node, const std::string& path) const;

    size_t size() const { return map_.size(); }
    uint64_t evictions() const { return evictions_; }

private:
    PathHash& slot(const std::string& node, const std::string& path, bool& created);
    static std::string key_of(const std::string& node, const std::string& path) { return node + '\n' + path; }

    size_t capacity_;
    uint64_t evictions_ = 0;
    std::unordered_map<std::string, PathHash> map_;
    std::deque<std::string> order_;  // insertion order, oldest first, for eviction
};

}  // namespace audisp_ima

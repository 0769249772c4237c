// Remembers the last hash IMA measured for each file identity. IMA audits a file only once until
// its content changes, so later executions of the same dev+inode carry no INTEGRITY_RULE; this
// cache lets them still carry the hash (marked "cached"). Bounded, least-recently-used eviction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "parser/ima_record.h"

namespace audisp_ima {

struct FileIdentity {
    std::string node;  // host the event came from: inode numbers are per machine
    std::string dev;
    uint64_t inode = 0;
};

struct CachedHash {
    std::string path;  // the path IMA measured, for checking the identity still names that file
    FileHash hash;
};

class HashCache {
public:
    explicit HashCache(size_t capacity) : capacity_(capacity) {}

    // Stores or replaces the entry; evicts the least recently used one when full.
    void remember(const FileIdentity& id, CachedHash entry);
    // The entry for `id`, marked most recently used; nullptr when unknown.
    const CachedHash* find(const FileIdentity& id);

    size_t size() const { return index_.size(); }
    size_t capacity() const { return capacity_; }
    uint64_t evictions() const { return evictions_; }

private:
    using Entry = std::pair<std::string, CachedHash>;  // key, value
    static std::string key_of(const FileIdentity& id);

    size_t capacity_;
    uint64_t evictions_ = 0;
    std::list<Entry> lru_;  // front = most recent
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace audisp_ima

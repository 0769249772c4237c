// Hashes the kernel measured, by file identity (node + dev + inode). IMA audits and lists a file
// only once until its content changes, so later executions of the same file carry no measurement:
// this is what still gives them their hash. Bounded, least recently used leaves first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enrich/file_probe.h"
#include "parser/exec_event.h"

namespace audisp_ima {

struct KnownHash {
    std::string path;  // the path the kernel measured; only an image of that path may take it
    FileHash hash;
    HashSource source = HashSource::cached;  // what a later execution reports
    // stat of `path` once bound, taken when it could not have changed since the measurement.
    // Entries with a stamp may be saved across restarts: the stamp shows the file is the same.
    std::optional<FileStamp> stamp;
};

class InodeHashes {
public:
    explicit InodeHashes(size_t capacity) : capacity_(capacity) {}

    void remember(const std::string& node, const FileId& id, KnownHash entry);
    const KnownHash* find(const std::string& node, const FileId& id);  // marks it recently used
    void forget(const std::string& node, const FileId& id);

    // Every entry with a stamp, oldest use first (for the state file).
    std::vector<std::pair<std::string, KnownHash>> stamped() const;

    size_t size() const { return index_.size(); }
    size_t capacity() const { return capacity_; }
    uint64_t evictions() const { return evictions_; }

private:
    struct Entry {
        std::string key;
        std::string node;
        KnownHash value;
    };
    static std::string key_of(const std::string& node, const FileId& id);

    size_t capacity_;
    uint64_t evictions_ = 0;
    std::list<Entry> lru_;  // front = most recent
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace audisp_ima

// Hashes the kernel measured, by file identity (node + dev + inode). IMA audits and lists a file
// only once until its content changes, so later executions of the same file carry no measurement:
// this is what still gives them their hash. Bounded, least recently used leaves first; a file
// on a device past the 65,536th (node, dev) pair seen is not remembered. An entry takes about
// 220 bytes of peak RSS (16,384 of them: 3.5 MiB; 4.5 MiB in a std::list and unordered_map, 7.9
// with the digest in strings): the digest packed, the stamp without the file id its key already
// is, in a flat LRU map (enrich/lru_map.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enrich/file_probe.h"
#include "enrich/lru_map.h"
#include "enrich/packed_hash.h"
#include "parser/exec_event.h"

namespace audisp_ima {

struct KnownHash {
    std::string path;  // the path the kernel measured; only an image of that path may take it
    FileHash hash;
    HashSource source = HashSource::cached;  // what a later execution reports
    // stat of `path` once bound, taken when it could not have changed since the measurement.
    // Entries with a stamp may be saved across restarts: the stamp shows the file is the same.
    // It is of the file the entry is remembered under (a stamp of another file is not kept).
    std::optional<FileStamp> stamp;
};

class InodeHashes {
public:
    explicit InodeHashes(size_t capacity) : entries_(capacity) {}

    void remember(const std::string& node, const FileId& id, const KnownHash& entry);
    std::optional<KnownHash> find(const std::string& node, const FileId& id);  // marks it recently used
    void forget(const std::string& node, const FileId& id);

    // Every entry with a stamp, oldest use first (for the state file).
    std::vector<std::pair<std::string, KnownHash>> stamped() const;

    size_t size() const { return entries_.size(); }
    size_t capacity() const { return entries_.capacity(); }
    uint64_t evictions() const { return evictions_; }

private:
    // A file is (volume, inode); a volume is one (node, dev) pair, numbered as first seen. The
    // numbers keep the index to two integers a file (no key string built per lookup or stored
    // twice per entry); the pairs are few (one per mounted device of each host).
    struct Key {
        uint32_t volume;
        uint64_t inode;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            return static_cast<size_t>(k.inode ^ (uint64_t{k.volume} << 48));
        }
    };
    struct Entry {
        Entry() = default;
        explicit Entry(const KnownHash& known);
        std::string path;
        PackedHash hash;
        HashSource source = HashSource::cached;
        bool stamped = false;
        int64_t ctime_ns = 0, mtime_ns = 0;
        uint64_t size = 0;
    };
    KnownHash unpack(const Key& key, const Entry& entry) const;
    // The volume of (node, dev); nullopt when it was never seen and `add` is false, or when
    // kMaxVolumes are known already (a stream naming ever new devices is not followed further).
    std::optional<uint32_t> volume(const std::string& node, const std::string& dev, bool add);

    static constexpr size_t kMaxVolumes = 65536;
    uint64_t evictions_ = 0;
    LruMap<Key, Entry, KeyHash> entries_;
    std::unordered_map<std::string, uint32_t> volume_ids_;  // "node\ndev" -> number
    std::vector<std::string> volume_nodes_;                 // number -> node
    std::vector<std::string> volume_devs_;                  // number -> dev
    // The last volume asked for: nearly every lookup names it again, and two short compares
    // cost less than building and hashing its name.
    std::string last_node_, last_dev_;
    std::optional<uint32_t> last_volume_;
};

}  // namespace audisp_ima

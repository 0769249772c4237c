// The processes this host's audit stream has shown, by (node, pid): what each runs now, since
// when, as whom, and who its parent was. An execution's parent is found here by the ppid= of its
// SYSCALL record, which the kernel writes from the task's current parent, so the lookup is right
// whenever the entry still describes the process that holds that pid now; the process stage
// (enrich/process_stage.h) decides when it does. Bounded, least recently used leaves first; a
// pid on a node past the 4,096th node seen is not remembered. Each process is kept packed (its
// strings in one buffer, each after its length) in a flat LRU map (enrich/lru_map.h): about 240
// bytes of peak RSS an entry on the bench stream (100,000: 22.9 MiB over the plugin without a
// table), where a std::list and std::unordered_map of the same slots took about 300 (29.0 MiB)
// and entries kept as ProcessEntry about 530.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enrich/lru_map.h"
#include "parser/lineage.h"

namespace audisp_ima {

struct ProcessEntry {
    int64_t pid = 0;
    std::optional<int64_t> ppid;
    std::string entity_id;
    ProcessOrigin origin = ProcessOrigin::exec;
    std::optional<std::string> executable;
    std::optional<std::string> comm;   // the kernel's name of the image (SYSCALL comm=, /proc stat)
    std::vector<std::string> args;     // at most kMaxArgBytes of them, whole arguments only
    std::optional<uint64_t> start_ms;  // the image began (exec time; /proc start time when seeded)
    std::optional<uint32_t> euid;
    std::optional<std::string> user_name;
    // Realtime ms when /proc (or the execution itself) last showed this process holding the pid;
    // the process stage's, not kept across restarts.
    std::optional<int64_t> held_at_ms;
};

class ProcessTable {
public:
    // A parent's command line is context, not evidence: keeping every argument of 100,000
    // processes would cost more memory than the plugin's whole budget.
    static constexpr size_t kMaxArgBytes = 1024;
    static constexpr size_t kMaxNodes = 4096;

    explicit ProcessTable(size_t capacity) : slots_(capacity) {}

    // Replaces what was known of the pid (a new image, or a new process under a reused pid).
    // Arguments past kMaxArgBytes are dropped (args_cut counts it).
    void put(const std::string& node, ProcessEntry entry);
    std::optional<ProcessEntry> find(const std::string& node, int64_t pid);  // marks it recently used
    bool contains(const std::string& node, int64_t pid) const;
    void forget(const std::string& node, int64_t pid);
    // The entry's held_at_ms, if it is there.
    void mark_held(const std::string& node, int64_t pid, int64_t at_ms);

    // Every entry with its node, least recently used first (the order that restores the same
    // order when put back one by one).
    template <typename F>
    void for_each(F&& visit) const {
        slots_.for_each_oldest_first([&](const Key& key, const Slot& slot) { visit(nodes_[key.node], unpack(key, slot)); });
    }

    size_t size() const { return slots_.size(); }
    size_t capacity() const { return slots_.capacity(); }
    uint64_t evictions() const { return evictions_; }
    uint64_t args_cut() const { return args_cut_; }

private:
    struct Key {
        uint32_t node;
        int64_t pid;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            return static_cast<size_t>(static_cast<uint64_t>(k.pid) ^ (uint64_t{k.node} << 40));
        }
    };
    // Which optional fields a slot holds.
    enum Has : uint8_t {
        kPpid = 1, kStart = 2, kEuid = 4, kHeld = 8, kExecutable = 16, kComm = 32, kUserName = 64
    };
    struct Slot {
        int64_t ppid = 0;
        uint64_t start_ms = 0;
        int64_t held_at_ms = 0;
        uint32_t euid = 0;
        ProcessOrigin origin = ProcessOrigin::exec;
        uint8_t has = 0;
        // entity_id, executable, comm, user_name, then the arguments: each its length (7 bits a
        // byte, low first, high bit set on all but the last byte) and its bytes.
        std::string text;
    };
    static Slot pack(const ProcessEntry& entry);
    static ProcessEntry unpack(const Key& key, const Slot& slot);
    std::optional<Key> key_of(const std::string& node, int64_t pid) const;
    // nullopt when the node is not known and `add` is false, or the node table is full.
    std::optional<uint32_t> node_number(const std::string& node, bool add);

    std::vector<std::string> nodes_;  // numbered as first seen; few (one per host forwarding)
    LruMap<Key, Slot, KeyHash> slots_;
    uint64_t evictions_ = 0;
    uint64_t args_cut_ = 0;
};

}  // namespace audisp_ima

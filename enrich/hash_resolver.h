// The hash stage: decides which hash an execution (and the script of a "#!" run) carries, and
// where it came from. Sources, strongest first:
//   measured    an INTEGRITY_RULE of this event names the image;
//   cached      an earlier INTEGRITY_RULE was tied to this dev+inode by a PATH record;
//   standalone  an earlier standalone INTEGRITY_RULE, bound to its file's dev+inode by stat;
//   ima_list    an entry of IMA's measurement list, bound to its file's dev+inode by stat;
//   path        (opt-in) the only digest ever measured under this path in this boot.
// An inode answer is given only to an image of the path the kernel measured. Stat binds a
// path-only measurement to an inode when the file's ctime shows it has not changed since before
// the measurement (so a file replaced or rewritten after it is never bound to the old digest);
// when times cannot tell (a file written just before its first run, or one unchanged file
// measured with two digests under its path: another mount namespace), the file's content is
// compared with the kernel's digest, and bound only on a match.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "enrich/file_probe.h"
#include "enrich/host_facts.h"
#include "enrich/hash_state.h"
#include "enrich/inode_hashes.h"
#include "enrich/measurement_list.h"
#include "enrich/path_hashes.h"
#include "enrich/process_probe.h"
#include "enrich/stage.h"
#include "parser/exec_event.h"

namespace audisp_ima {

// The running host, when events come from it (auditd's stream). Absent for a saved log, which may
// come from another host: then only measured, cached and (opt-in) path answer.
struct LocalSystem {
    FileProbe* files = nullptr;
    MeasurementListReader* list = nullptr;   // nullptr: no list (not readable, or turned off)
    std::function<int64_t()> now_ns;         // CLOCK_REALTIME, the clock of audit timestamps and ctime
    int64_t boot_time_ns = 0;                // entries read at the first start of a boot came after this
    std::vector<std::string> node_names;     // node= values of this host's own events ("" always is)
    HostFacts host;                          // its identity (enrich/host_stage)
    ProcessProbe* processes = nullptr;       // its /proc (enrich/process_stage); nullptr: not read
};

struct HashResolverOptions {
    size_t inode_capacity = 16384;
    size_t path_capacity = 16384;
    bool path_hashes = false;
    // When times cannot show which file a path-only digest belongs to (written shortly before its
    // first run, or two digests for one unchanged file), the file is read and hashed here to
    // compare; larger files stay unbound.
    uint64_t verify_max_bytes = 64 * 1024 * 1024;
};

struct HashCounters {
    uint64_t measured = 0, cached = 0, standalone = 0, ima_list = 0, path = 0, none = 0;
    uint64_t list_entries = 0;    // measurement-list entries read
    uint64_t bound = 0;           // path-only measurements bound to an inode by stat
    uint64_t not_bound = 0;       // ... that could not be (file gone, changed since, stat failed)
    uint64_t conflicts = 0;       // one unchanged file measured with two digests
    uint64_t verified = 0;        // bound after comparing the file's content with the kernel's digest
    uint64_t verify_mismatch = 0; // compared, and the content was another
};

class HashResolver final : public Stage {
public:
    explicit HashResolver(HashResolverOptions options, LocalSystem* system = nullptr);

    // An execution gets its hash; a standalone measurement is learned; integrity records pass.
    void process(Event& event) override;
    // hash_measured ... no_hash, then the list's and the binding's counts.
    void append_counters(std::vector<Counter>& out) const override;

    // Learns from the execution's measurements, then fills hash/hash_source of the image and script.
    void enrich(ExecEvent& exec);
    // A measurement with no execution to join (boot-time execs, mmap, file reads).
    void learn_standalone(const EventKey& key, const ImaRecord& measurement);
    // Reads what the measurement list gained since the last call.
    void follow_list();

    HashState state(const std::string& boot_id) const;
    // Takes back what a previous run saved in this boot: each file only if stat shows it unchanged.
    void restore(const HashState& state);

    const HashCounters& counters() const { return counters_; }
    const InodeHashes& inodes() const { return inodes_; }
    const std::string& list_error() const { return parser_.error(); }

private:
    struct Answer {
        std::optional<FileHash> hash;
        HashSource source = HashSource::none;
    };
    bool is_local(const std::string& node) const;
    std::string node_key(const std::string& node) const { return is_local(node) ? std::string() : node; }
    void learn_tied(const std::string& key, const Measurement& m, int64_t event_ns, bool local);
    void bind_by_stat(const std::string& path, const FileHash& hash, HashSource source, int64_t not_before_ns);
    bool content_is(const std::string& path, const FileHash& hash, const FileStamp& stamp);
    bool list_grew();
    Answer look_up(const std::string& key, bool local, const std::string& path, const std::optional<FileId>& id);
    void count(HashSource source);

    HashResolverOptions options_;
    LocalSystem* system_;
    InodeHashes inodes_;
    PathHashes paths_;
    MeasurementListParser parser_;
    std::string list_buffer_;
    uint64_t list_skip_binding_ = 0;  // the first N entries were bound by a previous run
    int64_t list_read_ns_ = 0;        // when the last read began
    HashCounters counters_;
};

}  // namespace audisp_ima

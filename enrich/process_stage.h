// The process stage: gives every execution its process.entity_id and start, and its parent's
// pid, entity id, image, command line, start and user, from the process table. The table learns
// from every successful execution it sees, and from /proc: the processes running when the plugin
// starts (seeded), and, for a parent it does not know, that parent as /proc shows it at event time
// (a marked fallback: the parent may have exec'd again since).
//
// Entity ids (unique on a host across boots, restarts and pid reuse; docs/how-it-works.md
// "Process lineage"):
//   an image started by an execution the stream showed: that execution's event.id, so the
//     parent's own message is one search away;
//   a process seeded from /proc: <origin>-<start in ms, from btime>-p<pid>, the same on every
//     restart within a boot.
//
// Pid reuse: an entry describes the pid's holder only until that process exits. When /proc can
// be asked (this host's own events), an entry is checked against the start time of the pid's
// holder now: a holder that began after the entry's image did is another process, and the entry
// is dropped (parent_stale). Without /proc (another node's events, a log converted elsewhere) the
// table is trusted as the stream left it.
//
// What /proc answered is reused while it must still hold, so a busy parent costs no read per
// child: a process seen holding its pid (by /proc, or by its own execution) holds it for
// pid_reuse_free_ms(pid_max) more at least, and a pid /proc showed free, or held by a process too
// young, gives no parent to any event older than that answer.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "enrich/process_probe.h"
#include "enrich/process_state.h"
#include "enrich/process_table.h"
#include "enrich/stage.h"

namespace audisp_ima {

// How long after a process was seen holding its pid no other process can hold it. The kernel
// hands pids out cyclically (alloc_pid: idr_alloc_cyclic, from the last pid given), so a freed pid
// comes back only after every free pid above and below it has been handed out: with at most half
// the range in use, pid_max / 2 allocations. At a million a second (far past what a host forks)
// that is pid_max / 2000 ms: 1 s (the cap) with systemd's 4,194,304, 16 ms with the kernel's
// default 32,768.
int64_t pid_reuse_free_ms(int64_t pid_max);

struct ProcessStageOptions {
    size_t capacity = 8192;
    // A process start read from /proc is at most this much later than the audit time of an exec
    // by the same process: clock ticks are 10 ms, and the realtime clock may be slewed since boot.
    int64_t start_tolerance_ms = 100;
};

class ProcessStage final : public Stage {
public:
    // `probe`: this host's /proc, or nullptr. `local_nodes`: node= names of this host's events
    // (the probe is asked only for those). `origin`: the 16-hex or machine-id origin of this
    // host's entity ids (enrich/event_id_stage.h).
    ProcessStage(ProcessStageOptions options, ProcessProbe* probe, std::vector<std::string> local_nodes,
                 std::string origin);

    // What a restart within this boot needs: this host's entries whose process /proc still shows.
    ProcessState state(const std::string& boot_id);
    // Before seed(): puts back the entries of `state` whose pid /proc shows held by the same
    // process (the caller checks the boot id).
    void restore(const ProcessState& state);
    // Reads every process /proc shows and the table does not hold yet (at start, before the
    // first event).
    void seed();

    void process(Event& event) override;
    void append_counters(std::vector<Counter>& out) const override;

    const ProcessTable& table() const { return table_; }

private:
    bool is_local(const std::string& node) const;
    // Where an event's process lives in the table, and when the event happened: this host's
    // events share one table (node ""), whatever node= name they carry.
    struct Place {
        bool local;
        std::string node;
        int64_t when;  // audit time, ms
    };
    Place place_of(const EventKey& key) const;
    // A new image's (or a forked child's) entity id: the event's own id when it has one.
    std::string new_entity_id(const EventContext& context, const Place& place, uint64_t serial) const;
    struct Current {
        std::optional<ProcessEntry> entry;
        bool verified = false;                // /proc's holder of the pid is this entry's process
    };
    // The entry for (node, pid) unless /proc shows the pid's holder is another process (then the
    // entry is dropped).
    // An entry whose image began after `when` (an event older than what the table learned since,
    // or a process seeded at start) is not what the event names: not found.
    Current current(const std::string& node, int64_t pid, bool local, int64_t when);
    // The pid's holder as /proc shows it now, put in the table as `origin`; nullptr when gone, or
    // when it began after `not_after_ms` (it cannot be what an event of that time names).
    // `holder_start_ms`, when given, is set to the start of a holder too young for the event.
    std::optional<ProcessEntry> from_proc(const std::string& node, int64_t pid, ProcessOrigin origin,
                                          int64_t not_after_ms, int64_t* holder_start_ms = nullptr);
    // from_proc for the parent of an execution at `when`, unless an earlier answer already says
    // /proc has none for it.
    std::optional<ProcessEntry> parent_from_proc(const std::string& node, int64_t pid, int64_t when);
    std::optional<int64_t> proc_start_ms(uint64_t ticks);
    // The image of a process /proc shows without one, when it is a fork of a known process that
    // never exec'd (process_stage.cpp says how that is told).
    std::optional<std::string> inherited_image(const std::string& node, const ProcessSnapshot& child, int64_t child_start);
    // Whether /proc shows the entry's pid held by the process the entry describes; nullopt when
    // /proc cannot tell (no /proc, the pid is free).
    std::optional<bool> same_process(const ProcessEntry& entry);
    std::string seeded_id(int64_t pid, uint64_t ticks);
    // The parent as the table (or /proc, as the marked fallback) knows it at `when`.
    std::optional<ParentProcess> parent_of(const std::string& node, int64_t ppid, bool local, int64_t when);
    void add_lineage(ExecEvent& ev);
    void add_fork(const ForkEvent& fork);
    void end_process(ProcessEndEvent& end);

    // /proc's last answer "no usable holder" for a pid: any event before `no_parent_before_ms`
    // (minus the start tolerance) gets none. Direct-mapped by pid: a collision only costs a read.
    struct NoHolder {
        int64_t pid = -1;
        int64_t asked_ms = 0;
        int64_t no_parent_before_ms = 0;
    };

    ProcessStageOptions options_;
    ProcessProbe* probe_;
    int64_t reuse_free_ms_;
    std::array<NoHolder, 1024> no_holder_{};
    std::vector<std::string> local_nodes_;
    std::string origin_;
    ProcessTable table_;
    uint64_t seeded_ = 0, restored_ = 0, parent_exec_ = 0, parent_seeded_ = 0, parent_proc_ = 0, parent_unknown_ = 0;
    uint64_t stale_ = 0, in_place_ = 0, parent_fork_ = 0, inherited_ = 0, proc_reads_saved_ = 0;
    uint64_t forked_ = 0, ended_ = 0;
};

}  // namespace audisp_ima

// The container stage: the control group of each execution and process end on this host, and
// what it says (container.id, container.runtime, the systemd unit; enrich/cgroup_info.h). Read from
// /proc/PID/cgroup when the event is processed: a process gone by then (a short command) is
// given its parent's, which it was forked into, marked "parent". A process moved to another
// group between its exec and the read (rare: systemd moving a scope) shows the new one.
//
// What /proc answered is reused while it must still hold, by the process stage's rule
// (enrich/process_stage.h): a pid /proc showed gone is gone for every event older than that
// answer, whether the event names it as its own pid or as its parent; a pid /proc showed held
// keeps its holder, and so its group, for pid_reuse_free_ms(pid_max) more at least, and is reused
// as a parent's only (a process's own group is always read: runc moves its child into the
// container's group between the child's two execs). A busy parent then costs one read a window.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "enrich/process_probe.h"
#include "enrich/stage.h"

namespace audisp_ima {

class ContainerStage final : public Stage {
public:
    ContainerStage(ProcessProbe* probe, std::vector<std::string> local_nodes);

    void process(Event& event) override;
    void append_counters(std::vector<Counter>& out) const override;

private:
    // /proc's last answer for a pid, direct-mapped by pid: a collision only costs a read.
    struct Answer {
        int64_t pid = -1;
        int64_t asked_ms = 0;
        std::optional<CgroupFacts> facts;  // nullopt: the pid was free
    };
    enum class Role { own, parent };
    // The group of an event's process on this host (its own, else its parent's), counted.
    std::optional<CgroupFacts> group_at(const EventKey& key, const TaskInfo& task);
    // The group of `pid` for an event at `when`, from an earlier answer when it must still hold.
    std::optional<CgroupFacts> group_of(int64_t pid, Role role, int64_t when);

    ProcessProbe* probe_;
    std::vector<std::string> local_nodes_;
    int64_t reuse_free_ms_;
    std::array<Answer, 512> answers_{};
    uint64_t own_ = 0, parent_ = 0, unread_ = 0, containers_ = 0, reads_saved_ = 0;
};

}  // namespace audisp_ima

#include "enrich/container_stage.h"

#include <algorithm>

#include "enrich/cgroup_info.h"
#include "enrich/process_stage.h"

namespace audisp_ima {
namespace {

// Audit stamps come from the kernel's coarse realtime clock (ktime_get_coarse_real_ts64, cut to
// the millisecond): at most a tick behind the clock the answers are timed with, 10 ms at HZ=100.
// An event this close to an answer is not counted as older than it. Kept short: a plugin keeping
// up reads an event some 10 ms after it, so only a backlog (a burst) finds answers to reuse.
constexpr int64_t kClockTolerance_ms = 20;

}  // namespace

ContainerStage::ContainerStage(ProcessProbe* probe, std::vector<std::string> local_nodes)
    : probe_(probe),
      local_nodes_(std::move(local_nodes)),
      reuse_free_ms_(probe ? pid_reuse_free_ms(probe->pid_max()) : 0) {}

std::optional<CgroupFacts> ContainerStage::group_of(int64_t pid, Role role, int64_t when) {
    Answer& slot = answers_[static_cast<uint64_t>(pid) % answers_.size()];
    const int64_t now = probe_->now_ms();
    if (now > 0 && slot.pid == pid && now >= slot.asked_ms) {
        // Free then: this event's process (or parent) had exited, and any later holder is younger.
        if (!slot.facts && when + kClockTolerance_ms < slot.asked_ms) {
            ++reads_saved_;
            return std::nullopt;
        }
        // Held then: by the same process still, or by none; a read now would say no more.
        if (slot.facts && role == Role::parent && now - slot.asked_ms <= reuse_free_ms_) {
            ++reads_saved_;
            return slot.facts;
        }
    }
    std::optional<CgroupFacts> facts;
    if (auto text = probe_->cgroup(pid)) {
        facts = parse_proc_cgroup(*text);
        if (facts->path.empty()) facts.reset();  // unreadable is not "free": nothing kept
        else if (now > 0) slot = {pid, now, facts};
        return facts;
    }
    if (now > 0) slot = {pid, now, std::nullopt};
    return std::nullopt;
}

void ContainerStage::process(Event& event) {
    if (auto* exec = std::get_if<ExecEvent>(&event)) exec->cgroup = group_at(exec->key, exec->task);
    else if (auto* end = std::get_if<ProcessEndEvent>(&event)) end->cgroup = group_at(end->key, end->task);
}

std::optional<CgroupFacts> ContainerStage::group_at(const EventKey& key, const TaskInfo& task) {
    if (!probe_ || !task.pid) return std::nullopt;
    if (!is_local_node(key.node, local_nodes_)) return std::nullopt;
    const int64_t when = audit_time_ms(key);
    bool own = true;
    std::optional<CgroupFacts> facts = group_of(*task.pid, Role::own, when);
    if (!facts && task.ppid) {
        facts = group_of(*task.ppid, Role::parent, when);
        own = false;
    }
    if (!facts) {
        ++unread_;
        return std::nullopt;
    }
    facts->source = own ? "proc" : "parent";
    ++(own ? own_ : parent_);
    if (facts->container_id) ++containers_;
    return facts;
}

void ContainerStage::append_counters(std::vector<Counter>& out) const {
    out.push_back({"cgroup_own", own_});
    out.push_back({"cgroup_parent", parent_});
    out.push_back({"cgroup_unread", unread_});
    out.push_back({"in_container", containers_});
    out.push_back({"cgroup_reads_saved", reads_saved_});
}

}  // namespace audisp_ima

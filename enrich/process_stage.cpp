#include "enrich/process_stage.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <variant>

#include "parser/overloaded.h"

namespace audisp_ima {
namespace {


}  // namespace

int64_t pid_reuse_free_ms(int64_t pid_max) { return std::clamp<int64_t>(pid_max / 2000, 0, 1000); }

ProcessStage::ProcessStage(ProcessStageOptions options, ProcessProbe* probe, std::vector<std::string> local_nodes,
                           std::string origin)
    : options_(options),
      probe_(probe),
      reuse_free_ms_(probe ? pid_reuse_free_ms(probe->pid_max()) : 0),
      local_nodes_(std::move(local_nodes)),
      origin_(std::move(origin)),
      table_(options.capacity) {}

bool ProcessStage::is_local(const std::string& node) const {
    return is_local_node(node, local_nodes_);
}

ProcessStage::Place ProcessStage::place_of(const EventKey& key) const {
    const bool local = is_local(key.node);
    return {local, local ? std::string() : key.node, audit_time_ms(key)};
}

std::string ProcessStage::new_entity_id(const EventContext& context, const Place& place, uint64_t serial) const {
    if (!context.id.empty()) return context.id;
    return origin_ + "-" + std::to_string(place.when) + "-" + std::to_string(serial);
}

std::optional<int64_t> ProcessStage::proc_start_ms(uint64_t ticks) {
    uint64_t hz = probe_->ticks_per_second();
    if (hz == 0) return std::nullopt;
    return probe_->boot_realtime_ms() + static_cast<int64_t>(ticks * 1000 / hz);
}

std::string ProcessStage::seeded_id(int64_t pid, uint64_t ticks) {
    uint64_t hz = std::max<uint64_t>(probe_->ticks_per_second(), 1);
    int64_t start = probe_->boot_time_s() * 1000 + static_cast<int64_t>(ticks * 1000 / hz);
    return origin_ + "-" + std::to_string(start) + "-p" + std::to_string(pid);
}

std::optional<bool> ProcessStage::same_process(const ProcessEntry& entry) {
    if (!probe_ || !entry.start_ms) return std::nullopt;
    auto ticks = probe_->start_ticks(entry.pid);
    if (!ticks) return std::nullopt;
    auto start = proc_start_ms(*ticks);
    if (!start) return std::nullopt;
    auto image_start = static_cast<int64_t>(*entry.start_ms);
    return entry.origin == ProcessOrigin::exec || entry.origin == ProcessOrigin::fork
               ? *start <= image_start + options_.start_tolerance_ms  // began before its exec
               : std::abs(*start - image_start) <= options_.start_tolerance_ms;
}

// /proc/PID/exe of a process holding capabilities the plugin dropped is out of reach. A process
// the stream never saw exec, whose known parent has its very name (comm, which exec sets) and
// arguments, and began after that parent's image, is a fork of it still running that image: had
// it exec'd since the plugin started, the table would hold that execution instead.
std::optional<std::string> ProcessStage::inherited_image(const std::string& node, const ProcessSnapshot& child,
                                                         int64_t child_start) {
    if (!child.ppid || !child.comm) return std::nullopt;
    Current parent = current(node, *child.ppid, true, child_start);
    const ProcessEntry* known = parent.entry ? &*parent.entry : nullptr;
    if (!known || !known->executable || !known->comm || *known->comm != *child.comm || !known->start_ms) return std::nullopt;
    if (static_cast<int64_t>(*known->start_ms) > child_start + options_.start_tolerance_ms) return std::nullopt;
    // The table keeps the first kMaxArgBytes of arguments: the child's must begin with them.
    if (known->args.empty() || child.args.size() < known->args.size() ||
        !std::equal(known->args.begin(), known->args.end(), child.args.begin()))
        return std::nullopt;
    ++inherited_;
    return known->executable;
}

ProcessState ProcessStage::state(const std::string& boot_id) {
    ProcessState out{boot_id, {}};
    table_.for_each([&](const std::string& node, const ProcessEntry& entry) {
        if (node.empty() && same_process(entry) == true) out.entries.push_back(entry);
    });
    return out;
}

void ProcessStage::restore(const ProcessState& state) {
    for (const ProcessEntry& entry : state.entries) {
        if (same_process(entry) != true) continue;
        table_.put("", entry);
        ++restored_;
    }
}

void ProcessStage::seed() {
    if (!probe_) return;
    for (int64_t pid : probe_->pids()) {
        if (table_.contains("", pid)) continue;  // restored: keeps the id its execution gave it
        if (from_proc("", pid, ProcessOrigin::seeded, std::numeric_limits<int64_t>::max())) ++seeded_;
    }
}

std::optional<ProcessEntry> ProcessStage::from_proc(const std::string& node, int64_t pid, ProcessOrigin origin,
                                                    int64_t not_after_ms, int64_t* holder_start_ms) {
    auto snapshot = probe_->read(pid);
    if (!snapshot) return std::nullopt;
    auto start = proc_start_ms(snapshot->start_ticks);
    if (!start) return std::nullopt;
    // A holder that began after the event is not the process the event names.
    if (not_after_ms != std::numeric_limits<int64_t>::max() && *start > not_after_ms + options_.start_tolerance_ms) {
        if (holder_start_ms) *holder_start_ms = *start;
        return std::nullopt;
    }
    ProcessEntry entry;
    entry.pid = pid;
    entry.ppid = snapshot->ppid;
    entry.entity_id = seeded_id(pid, snapshot->start_ticks);
    entry.origin = origin;
    if (!snapshot->executable && origin == ProcessOrigin::proc) {
        if (auto image = inherited_image(node, *snapshot, *start)) {
            snapshot->executable = std::move(image);
            entry.origin = ProcessOrigin::fork;
        }
    }
    entry.executable = std::move(snapshot->executable);
    entry.comm = std::move(snapshot->comm);
    entry.args = std::move(snapshot->args);
    entry.start_ms = static_cast<uint64_t>(*start);
    entry.euid = snapshot->euid;
    table_.put(node, std::move(entry));
    return table_.find(node, pid);
}

// Every later holder of the pid began after /proc was asked, and after the young holder it showed:
// neither is the parent of an event older than both.
std::optional<ProcessEntry> ProcessStage::parent_from_proc(const std::string& node, int64_t pid, int64_t when) {
    NoHolder& slot = no_holder_[static_cast<uint64_t>(pid) % no_holder_.size()];
    const int64_t now = probe_->now_ms();
    if (now > 0 && slot.pid == pid && now >= slot.asked_ms &&
        when + options_.start_tolerance_ms < slot.no_parent_before_ms) {
        ++proc_reads_saved_;
        return std::nullopt;
    }
    int64_t young_holder_start = 0;
    std::optional<ProcessEntry> found = from_proc(node, pid, ProcessOrigin::proc, when, &young_holder_start);
    // Free at `now`: the parent of an event before it has exited, and whoever takes the pid later is
    // younger still (the tolerance only ever blurs /proc start times, not audit times). Held by a
    // holder too young: as young a holder or younger answers every event from_proc would refuse.
    if (!found && now > 0)
        slot = {pid, now, young_holder_start ? young_holder_start : now + options_.start_tolerance_ms};
    return found;
}

ProcessStage::Current ProcessStage::current(const std::string& node, int64_t pid, bool local, int64_t when) {
    std::optional<ProcessEntry> entry = table_.find(node, pid);
    if (entry && entry->start_ms && static_cast<int64_t>(*entry->start_ms) > when + options_.start_tolerance_ms)
        return {};
    if (!entry || !local || !probe_ || !entry->start_ms) return {std::move(entry), false};
    const int64_t now = probe_->now_ms();
    if (now > 0 && entry->held_at_ms && now >= *entry->held_at_ms && now - *entry->held_at_ms <= reuse_free_ms_) {
        ++proc_reads_saved_;
        return {std::move(entry), true};
    }
    auto same = same_process(*entry);
    if (!same) return {std::move(entry), false};  // gone since: nothing to check it against
    if (*same) {
        if (now > 0) table_.mark_held(node, pid, now);
        return {std::move(entry), true};
    }
    table_.forget(node, pid);
    ++stale_;
    return {};
}

std::optional<ParentProcess> ProcessStage::parent_of(const std::string& node, int64_t ppid, bool local, int64_t when) {
    std::optional<ProcessEntry> parent = current(node, ppid, local, when).entry;
    if (!parent && local && probe_) parent = parent_from_proc(node, ppid, when);
    if (!parent) return std::nullopt;
    ParentProcess out;
    out.pid = parent->pid;
    out.entity_id = std::move(parent->entity_id);
    out.origin = parent->origin;
    out.executable = std::move(parent->executable);
    out.name = std::move(parent->comm);
    out.args = std::move(parent->args);
    out.start_ms = parent->start_ms;
    out.user_id = parent->euid;
    out.user_name = std::move(parent->user_name);
    return out;
}

void ProcessStage::add_lineage(ExecEvent& ev) {
    const TaskInfo& task = ev.task;
    if (!task.pid) return;
    const Place place = place_of(ev.key);
    const auto& [local, node, when] = place;
    const bool ran = ev.success() != false;
    Lineage& lineage = ev.lineage;

    Current own = current(node, *task.pid, local, when);
    if (ran) {
        lineage.entity_id = new_entity_id(ev.context, place, ev.key.serial);
        lineage.start_ms = static_cast<uint64_t>(when);
        // The same process exec'ing again (sh -c 'exec whoami'): /proc showed the pid's holder is
        // the entry's process, or the stream agrees (same parent, and IMA's pre-exec image is the
        // entry's image).
        // A child the table knew only from its fork record runs its first image now: not in place.
        if (own.entry && own.entry->origin != ProcessOrigin::fork) {
            bool same_parent = own.entry->ppid && task.ppid && *own.entry->ppid == *task.ppid;
            bool same_image = !ev.previous_executable || ev.previous_executable == own.entry->executable;
            if (own.verified || (same_parent && same_image)) {
                lineage.replaced_executable = own.entry->executable;
                lineage.replaced_entity_id = own.entry->entity_id;
                ++in_place_;
            }
        }
    } else if (own.entry) {  // a failed exec: the process still runs the image the table knows
        lineage.entity_id = own.entry->entity_id;
        lineage.start_ms = own.entry->start_ms;
    }

    if (task.ppid) {
        lineage.parent = parent_of(node, *task.ppid, local, when);
        if (!lineage.parent) ++parent_unknown_;
        else switch (lineage.parent->origin) {
            case ProcessOrigin::exec: ++parent_exec_; break;
            case ProcessOrigin::fork: ++parent_fork_; break;
            case ProcessOrigin::seeded: ++parent_seeded_; break;
            case ProcessOrigin::proc: ++parent_proc_; break;
        }
    }

    if (!ran) return;
    ProcessEntry entry;
    entry.pid = *task.pid;
    entry.ppid = task.ppid;
    entry.entity_id = lineage.entity_id;
    entry.origin = ProcessOrigin::exec;
    entry.executable = ev.executable;
    entry.comm = task.comm;  // after a successful exec, the new image's
    entry.args = ev.args;
    entry.start_ms = lineage.start_ms;
    entry.euid = task.euid;
    entry.user_name = ev.names.euid;
    if (local) entry.held_at_ms = when;  // the kernel's own word: this process held the pid then
    table_.put(node, std::move(entry));
}

// The child runs the forker's image (the record's exe= and comm=) with its arguments until it
// execs; it began at the fork, and the kernel says it held its pid then.
void ProcessStage::add_fork(const ForkEvent& fork) {
    if (!fork.task.pid || fork.child_pid <= 0) return;
    const Place place = place_of(fork.key);
    const auto& [local, node, when] = place;
    std::optional<ProcessEntry> forker = current(node, *fork.task.pid, local, when).entry;
    ProcessEntry child;
    child.pid = fork.child_pid;
    child.ppid = *fork.task.pid;
    child.entity_id = new_entity_id(fork.context, place, fork.key.serial);
    child.origin = ProcessOrigin::fork;
    child.executable = fork.task.exe;
    child.comm = fork.task.comm;
    if (forker) {
        child.args = std::move(forker->args);
        if (forker->euid == fork.task.euid) child.user_name = std::move(forker->user_name);
    }
    child.start_ms = static_cast<uint64_t>(when);
    child.euid = fork.task.euid;
    if (local) child.held_at_ms = when;
    table_.put(node, std::move(child));
    ++forked_;
}

// Sysmon's ProcessTerminate: the entity id and start of the image that ran to the end, and its
// parent; then the entry leaves, so a later holder of the pid is never taken for it.
void ProcessStage::end_process(ProcessEndEvent& end) {
    if (!end.task.pid) return;
    const auto [local, node, when] = place_of(end.key);
    Current own = current(node, *end.task.pid, local, when);
    if (own.entry) {
        end.lineage.entity_id = own.entry->entity_id;
        end.lineage.start_ms = own.entry->start_ms;
        table_.forget(node, *end.task.pid);
        ++ended_;
    }
    if (end.task.ppid) end.lineage.parent = parent_of(node, *end.task.ppid, local, when);
}

void ProcessStage::process(Event& event) {
    std::visit(Overloaded{
                   [this](ExecEvent& exec) { add_lineage(exec); },
                   [this](ForkEvent& fork) { add_fork(fork); },
                   [this](ProcessEndEvent& end) { end_process(end); },
                   [](FileMeasurementEvent&) {},
                   [](IntegrityEvent&) {},
               },
               event);
}

void ProcessStage::append_counters(std::vector<Counter>& out) const {
    out.push_back({"processes_restored", restored_});
    out.push_back({"processes_seeded", seeded_});
    out.push_back({"parent_from_exec", parent_exec_});
    out.push_back({"parent_from_fork", parent_fork_});
    out.push_back({"parent_from_seed", parent_seeded_});
    out.push_back({"parent_from_proc", parent_proc_});
    out.push_back({"parent_unknown", parent_unknown_});
    out.push_back({"process_stale", stale_});
    out.push_back({"exec_in_place", in_place_});
    out.push_back({"image_inherited", inherited_});
    out.push_back({"process_evicted", table_.evictions()});
    out.push_back({"proc_reads_saved", proc_reads_saved_});
    out.push_back({"processes_forked", forked_});
    out.push_back({"processes_ended", ended_});
}

}  // namespace audisp_ima

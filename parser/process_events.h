// Process lifecycle records, for hosts whose audit rules ask for them (docs/how-it-works.md
// "Process lineage", optional rules). Both come from SYSCALL records the kernel writes at
// syscall exit:
//   fork: clone without CLONE_THREAD, fork or vfork, success=yes, exit= the child's pid. The
//     child runs the forker's image (exe=, comm=) until it execs; it feeds the process table and
//     is never a message of its own. clone3 passes its flags in memory the record does not show
//     (a thread or a process), so it is not read.
//   exit_group: written when the task exits (the call never returns, so no success= or exit=);
//     a0 is the status the process passed. A process end message, Sysmon's ProcessTerminate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/audit_record.h"
#include "parser/cgroup_context.h"
#include "parser/event_context.h"
#include "parser/lineage.h"
#include "parser/task_info.h"
#include "parser/user_names.h"

namespace audisp_ima {

struct ForkEvent {
    EventKey key;
    TaskInfo task;  // the process that forked
    int64_t child_pid = 0;
    std::string syscall;  // "clone", "fork", "vfork"
    EventContext context;
};

struct ProcessEndEvent {
    EventKey key;
    TaskInfo task;                   // the process that ended: its ids, comm and image at the end
    std::optional<int> exit_code;    // a0 & 0xff: what the parent's wait() reads as WEXITSTATUS
    std::optional<std::string> rule_key;
    std::vector<std::string> args;   // PROCTITLE, when the record came with one
    UserNames names;                 // from auditd's ENRICHED text
    Lineage lineage;                 // entity id, start and parent: enrich/process_stage
    std::optional<CgroupFacts> cgroup;  // enrich/container_stage, as for an execution
    EventContext context;
};

}  // namespace audisp_ima

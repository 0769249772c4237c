// Grouped audit records in, SIEM events out. Decides what an event is (execution, standalone IMA
// measurement, integrity record, or nothing we report) and ties IMA measurements to the PATH
// records of the execution. Which hash an execution carries is decided later, in enrich/.
#pragma once

#include <cstdint>
#include <vector>

#include "parser/audit_record.h"
#include "parser/exec_event.h"
#include "parser/exec_layout.h"

namespace audisp_ima {

struct AssemblerCounters {
    uint64_t events = 0;              // audit events looked at
    uint64_t executions = 0;          // execve/execveat events emitted
    uint64_t failed_executions = 0;   // success=no
    uint64_t standalone_measurements = 0;  // INTEGRITY_RULE events without an exec syscall
    uint64_t integrity = 0;           // other INTEGRITY_* records emitted
    uint64_t ignored = 0;             // audit events with nothing to report
    uint64_t unmatched_measurements = 0;  // measurements that could not be tied to a PATH record
    uint64_t forks = 0;               // fork/vfork/clone records of new processes (parser/process_events.h)
    uint64_t process_ends = 0;        // exit_group records
};

class EventAssembler {
public:
    EventAssembler() = default;

    // Appends the events made from `event` to `out` (zero or more).
    void assemble(const AuditEvent& event, std::vector<Event>& out);

    const AssemblerCounters& counters() const { return counters_; }

private:
    static constexpr uint64_t kCloneThread = 0x00010000;  // include/uapi/linux/sched.h CLONE_THREAD

    // A fork or exit_group record as its event, appended to `out`; false for any other call.
    bool add_lifecycle(const AuditEvent& event, const AuditRecord& record, SyscallRecord& syscall,
                       std::vector<Event>& out);
    ExecEvent build_execution(const AuditEvent& event, SyscallRecord syscall, std::string_view enrichment);
    void tie_measurements(ExecEvent& exec, const ExecLayout& layout);
    void describe_files(ExecEvent& exec, const ExecLayout& layout);

    AssemblerCounters counters_;
};

}  // namespace audisp_ima

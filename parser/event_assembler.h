// Grouped audit records in, SIEM events out. Decides what an event is (execution, standalone IMA
// measurement, integrity record, or nothing we report), ties IMA measurements to the PATH records
// of the execution, and fills in hashes from the cache for files IMA measured earlier.
#pragma once

#include <cstdint>
#include <vector>

#include "parser/audit_record.h"
#include "parser/exec_event.h"
#include "parser/hash_cache.h"

namespace audisp_ima {

struct AssemblerCounters {
    uint64_t events = 0;              // audit events looked at
    uint64_t executions = 0;          // execve/execveat events emitted
    uint64_t hash_measured = 0;       // executions whose image was measured in the same event
    uint64_t hash_cached = 0;         // executions whose hash came from the cache
    uint64_t hash_missing = 0;        // executions with no hash known
    uint64_t failed_executions = 0;   // success=no
    uint64_t standalone_measurements = 0;  // INTEGRITY_RULE events without an exec syscall
    uint64_t integrity = 0;           // other INTEGRITY_* records emitted
    uint64_t ignored = 0;             // audit events with nothing to report
    uint64_t unmatched_measurements = 0;  // measurements that could not be tied to a PATH record
};

class EventAssembler {
public:
    explicit EventAssembler(size_t hash_cache_size) : cache_(hash_cache_size) {}

    // Appends the events made from `event` to `out` (zero or more).
    void assemble(const AuditEvent& event, std::vector<Event>& out);

    const AssemblerCounters& counters() const { return counters_; }
    const HashCache& cache() const { return cache_; }

private:
    ExecEvent build_execution(const AuditEvent& event, SyscallRecord syscall);
    void tie_measurements(ExecEvent& exec);
    void resolve_hash(ExecEvent& exec);

    HashCache cache_;
    AssemblerCounters counters_;
};

}  // namespace audisp_ima

// What the process table (enrich/process_stage) knows of an execution's process and its parent:
// ids that tie the message to its parent's own message, and the parent's image, command line and
// user. The parser leaves it empty. Every part says where it came from, since an entry seeded
// from /proc at start or read from /proc at event time is weaker evidence than an execution the
// audit stream itself showed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parser/audit_record.h"

namespace audisp_ima {

// How the table learned of a process.
enum class ProcessOrigin {
    exec,     // an execution in the audit stream (its own message carries the same entity id)
    fork,     // a child of a known process that never exec'd, so still running its parent's image:
              // /proc shows it with its parent's name (comm) and arguments
              // (docs/how-it-works.md "Process lineage")
    seeded,   // /proc at the plugin's start (the process was running before it)
    proc,     // /proc at event time, for a parent the table did not know (racy; see
              // docs/how-it-works.md)
};

const char* to_string(ProcessOrigin origin);

struct ParentProcess {
    int64_t pid = 0;
    std::string entity_id;
    ProcessOrigin origin = ProcessOrigin::exec;
    std::optional<std::string> executable;
    std::optional<std::string> name;   // the kernel's comm (15 bytes at most): when no image is known
    std::vector<std::string> args;
    std::optional<uint64_t> start_ms;  // when the parent's image began (ms since the epoch)
    std::optional<uint32_t> user_id;   // effective uid of the parent's image as last seen
    std::optional<std::string> user_name;
};

struct Lineage {
    std::string entity_id;             // this execution's process.entity_id; empty: no table ran
    std::optional<uint64_t> start_ms;  // process.start: this image began (the exec's audit time)
    std::optional<ParentProcess> parent;
    // An in-place exec (the same pid exec'd again without a fork): the image this one replaced,
    // as the table saw it; the parent stays the process that forked the first.
    std::optional<std::string> replaced_executable;
    std::optional<std::string> replaced_entity_id;
};

// Whole seconds the image ran until `end` (ECS process.uptime, CEF audispImaUptimeSeconds), when
// the table knew its start; none when the start is after the end (clocks disagree).
std::optional<int64_t> uptime_seconds(const EventKey& end, const Lineage& lineage);

}  // namespace audisp_ima

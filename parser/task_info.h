// The process block the kernel appends to SYSCALL and INTEGRITY_RULE records
// (kernel/audit.c audit_log_task_info): ppid pid auid uid gid euid suid fsuid egid sgid fsgid tty
// ses comm exe [subj]. Every member is optional because old kernels, truncated records and
// corrupted lines may lack any of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "parser/audit_record.h"

namespace audisp_ima {

// auid and ses print as this value when never set (daemons, boot-time processes).
inline constexpr uint32_t kUnsetId = 4294967295u;

struct TaskInfo {
    std::optional<int64_t> pid;
    std::optional<int64_t> ppid;
    std::optional<uint32_t> auid, uid, gid, euid, suid, fsuid, egid, sgid, fsgid;
    std::optional<uint32_t> ses;
    std::optional<std::string> tty;   // "pts0"; absent when the kernel wrote (none)
    std::optional<std::string> comm;  // decoded bytes
    std::optional<std::string> exe;   // decoded bytes; absent for (null) (kernel threads)
    std::optional<std::string> subj;  // LSM label, only when an LSM is active
};

// Reads the task block fields present in `record`; fields it lacks stay empty.
TaskInfo decode_task_info(const AuditRecord& record);

}  // namespace audisp_ima

// SYSCALL (1300) records, reduced to what a process-execution event needs.
#pragma once

#include <optional>
#include <string>

#include "parser/audit_record.h"
#include "parser/task_info.h"

namespace audisp_ima {

struct SyscallRecord {
    std::optional<std::string> arch;  // "x86_64", "i386", ... or the raw hex when unknown (x32: "x86_64")
    std::optional<int64_t> number;    // syscall number as written
    std::optional<std::string> name;  // "execve", "openat", ... when known (parser/syscall_names.h)
    std::optional<bool> success;
    std::optional<int64_t> exit;
    std::optional<std::string> key;   // audit rule key; absent for (null)
    TaskInfo task;                    // comm/exe here are the *new* image after a successful exec

    bool is_exec() const { return name && (*name == "execve" || *name == "execveat"); }
};

SyscallRecord decode_syscall(const AuditRecord& record);

}  // namespace audisp_ima

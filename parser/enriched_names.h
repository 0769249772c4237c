// The user and group names of auditd's ENRICHED text (log_format = ENRICHED): after the 0x1D that
// ends a record with a task block, auditd writes the names it resolved when it logged the event,
//   ARCH=x86_64 SYSCALL=execve AUID="user" UID="root" GID="root" EUID="root" SUID="root" ...
// Only a quoted value is a name. auditd writes "unknown(1234)" for an id without one and "unset"
// for the unset id (4294967295): neither is a name. A malformed word is ignored.
#pragma once

#include <string_view>

#include "parser/task_info.h"
#include "parser/user_names.h"

namespace audisp_ima {

// The names in `enrichment` (AuditRecord::enrichment) of the ids `task` has; a name whose id the
// record lacks, or whose id is unset, is left out. source is `enriched` when any name was found.
UserNames decode_enriched_names(std::string_view enrichment, const TaskInfo& task);

}  // namespace audisp_ima

// One IMA measurement seen on its own: an INTEGRITY_RULE with file= whose audit event has no exec
// SYSCALL. Under BPRM_CHECK that is an exec the audit rules did not see (boot-time execs, tasks
// without an audit context); under MMAP_CHECK or FILE_CHECK it is a library mapped or a file read
// (ld.so, libacl.so, ~/.emacs). Either way the event is about a file, not a process start: the
// task block names the process that caused the measurement, not a program that began to run.
#pragma once

#include "parser/audit_record.h"
#include "parser/event_context.h"
#include "parser/ima_record.h"

namespace audisp_ima {

struct FileMeasurementEvent {
    EventKey key;
    // file= (the file measured), its hash, and the task block: pid, ppid, uids, tty, ses, and
    // comm/exe of the process that caused the measurement (for BPRM_CHECK the image that called
    // exec, before the exec took effect).
    ImaRecord measurement;
    EventContext context;
};

}  // namespace audisp_ima

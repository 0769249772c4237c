#include "parser/task_info.h"

#include <limits>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

// The task block's fields, in one pass over the record: looked up one by one, the 16 names cost
// a scan of the record's ~30 fields each, 8% of the plugin's instructions. As with find(), the
// first field of a name is the one read, even when its value is unusable.
enum TaskField : unsigned {
    kPid, kPpid, kAuid, kUid, kGid, kEuid, kSuid, kFsuid, kEgid, kSgid, kFsgid, kSes, kTty, kComm, kExe, kSubj, kNone
};

TaskField task_field(std::string_view name) {
    auto is = [&name](std::string_view candidate) { return name == candidate; };
    switch (name.size()) {
        case 3:
            if (is("pid")) return kPid;
            if (is("uid")) return kUid;
            if (is("gid")) return kGid;
            if (is("ses")) return kSes;
            if (is("tty")) return kTty;
            if (is("exe")) return kExe;
            break;
        case 4:
            if (is("ppid")) return kPpid;
            if (is("auid")) return kAuid;
            if (is("euid")) return kEuid;
            if (is("suid")) return kSuid;
            if (is("egid")) return kEgid;
            if (is("sgid")) return kSgid;
            if (is("comm")) return kComm;
            if (is("subj")) return kSubj;
            break;
        case 5:
            if (is("fsuid")) return kFsuid;
            if (is("fsgid")) return kFsgid;
            break;
        default: break;
    }
    return kNone;
}

std::optional<uint32_t> id_value(std::string_view raw) {
    auto value = field_value::to_u64(raw);
    if (!value || *value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(*value);
}

// comm/exe: "(null)" is how the kernel says there is none (kernel threads have no exe).
std::optional<std::string> string_value(std::string_view raw) {
    if (raw == "(null)") return std::nullopt;
    return field_value::decode_untrusted(raw);
}

}  // namespace

TaskInfo decode_task_info(const AuditRecord& record) {
    TaskInfo task;
    unsigned seen = 0;
    for (const AuditField& f : record.fields) {
        TaskField which = task_field(f.name);
        if (which == kNone || (seen & (1u << which))) continue;
        seen |= 1u << which;
        std::string_view raw = f.value;
        switch (which) {
            case kPid: task.pid = field_value::to_i64(raw); break;
            case kPpid: task.ppid = field_value::to_i64(raw); break;
            case kAuid: task.auid = id_value(raw); break;
            case kUid: task.uid = id_value(raw); break;
            case kGid: task.gid = id_value(raw); break;
            case kEuid: task.euid = id_value(raw); break;
            case kSuid: task.suid = id_value(raw); break;
            case kFsuid: task.fsuid = id_value(raw); break;
            case kEgid: task.egid = id_value(raw); break;
            case kSgid: task.sgid = id_value(raw); break;
            case kFsgid: task.fsgid = id_value(raw); break;
            case kSes: task.ses = id_value(raw); break;
            case kTty: if (raw != "(none)") task.tty = raw; break;
            case kComm: task.comm = string_value(raw); break;
            case kExe: task.exe = string_value(raw); break;
            // subj is an LSM label printed with %s, never hex-encoded.
            case kSubj: task.subj = std::string(field_value::unquote(raw)); break;
            case kNone: break;
        }
    }
    return task;
}

}  // namespace audisp_ima

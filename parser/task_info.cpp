#include "parser/task_info.h"

#include <limits>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

std::optional<uint32_t> id_field(const AuditRecord& record, std::string_view name) {
    const std::string_view* raw = record.find(name);
    if (!raw) return std::nullopt;
    auto value = field_value::to_u64(*raw);
    if (!value || *value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(*value);
}

// comm/exe/subj: "(null)" is how the kernel says there is none (kernel threads have no exe).
std::optional<std::string> string_field(const AuditRecord& record, std::string_view name) {
    const std::string_view* raw = record.find(name);
    if (!raw || *raw == "(null)") return std::nullopt;
    return field_value::decode_untrusted(*raw);
}

}  // namespace

TaskInfo decode_task_info(const AuditRecord& record) {
    TaskInfo task;
    if (const auto* raw = record.find("pid")) task.pid = field_value::to_i64(*raw);
    if (const auto* raw = record.find("ppid")) task.ppid = field_value::to_i64(*raw);
    task.auid = id_field(record, "auid");
    task.uid = id_field(record, "uid");
    task.gid = id_field(record, "gid");
    task.euid = id_field(record, "euid");
    task.suid = id_field(record, "suid");
    task.fsuid = id_field(record, "fsuid");
    task.egid = id_field(record, "egid");
    task.sgid = id_field(record, "sgid");
    task.fsgid = id_field(record, "fsgid");
    task.ses = id_field(record, "ses");
    if (const auto* raw = record.find("tty"); raw && *raw != "(none)") task.tty = *raw;
    task.comm = string_field(record, "comm");
    task.exe = string_field(record, "exe");
    // subj is an LSM label printed with %s, never hex-encoded.
    if (const auto* raw = record.find("subj")) task.subj = std::string(field_value::unquote(*raw));
    return task;
}

}  // namespace audisp_ima

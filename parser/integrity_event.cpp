#include <limits>

#include "parser/exec_event.h"
#include "parser/field_value.h"
#include "parser/record_types.h"

namespace audisp_ima {
namespace {

// Fields the kernel writes with audit_log_untrustedstring (quoted, or hex when unsafe). Only these
// may be hex-decoded: a number such as ino=123456 is valid hex too.
bool is_untrusted_string(std::string_view name) {
    return name == "comm" || name == "name" || name == "file" || name == "exe" || name == "dev" ||
           name == "xattr" || name == "cwd";
}

std::optional<uint32_t> as_u32(const std::string* raw) {
    if (!raw) return std::nullopt;
    auto value = field_value::to_u64(*raw);
    if (!value || *value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(*value);
}

std::optional<int64_t> as_i64(const std::string* raw) {
    return raw ? field_value::to_i64(*raw) : std::nullopt;
}

std::optional<std::string> as_text(const std::string* raw) {
    if (!raw) return std::nullopt;
    return *raw;
}

}  // namespace

IntegrityEvent decode_integrity(const EventKey& key, const AuditRecord& record) {
    IntegrityEvent ev;
    ev.key = key;
    ev.record_type = record.type;
    ev.type_name = record.type_name.empty() ? std::string(record_type::to_name(record.type)) : std::string(record.type_name);
    ev.fields.reserve(record.fields.size());
    for (const auto& f : record.fields) {
        std::string value = is_untrusted_string(f.name) ? field_value::decode_untrusted(f.value)
                                                        : std::string(field_value::unquote(f.value));
        ev.fields.push_back({std::string(f.name), std::move(value)});
    }
    ev.pid = as_i64(ev.field("pid"));
    ev.uid = as_u32(ev.field("uid"));
    ev.auid = as_u32(ev.field("auid"));
    ev.ses = as_u32(ev.field("ses"));
    ev.op = as_text(ev.field("op"));
    ev.cause = as_text(ev.field("cause"));
    ev.comm = as_text(ev.field("comm"));
    ev.name = as_text(ev.field("name"));
    ev.dev = as_text(ev.field("dev"));
    ev.subj = as_text(ev.field("subj"));
    if (const auto* raw = ev.field("ino")) ev.ino = field_value::to_u64(*raw);
    ev.res = as_i64(ev.field("res"));
    ev.error_code = as_i64(ev.field("errno"));
    return ev;
}

const char* to_string(HashSource source) {
    switch (source) {
        case HashSource::measured: return "measured";
        case HashSource::cached: return "cached";
        case HashSource::standalone: return "standalone";
        case HashSource::ima_list: return "ima_list";
        case HashSource::path: return "path";
        case HashSource::none: break;
    }
    return "none";
}

std::string integrity_type_name(const IntegrityEvent& ev) {
    if (!ev.type_name.empty()) return ev.type_name;
    auto known = record_type::to_name(ev.record_type);
    if (!known.empty()) return std::string(known);
    return "UNKNOWN[" + std::to_string(ev.record_type) + "]";
}

std::optional<bool> integrity_success(const IntegrityEvent& ev) {
    if (ev.res == 1) return true;
    if (ev.res == 0) return false;
    return std::nullopt;
}

}  // namespace audisp_ima

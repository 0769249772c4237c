#include "parser/syscall_record.h"

#include <limits>

#include "parser/field_value.h"
#include "parser/syscall_names.h"

namespace audisp_ima {
namespace {

// AUDIT_ARCH_* values are 32 bits; a longer arch= is garbage, not an architecture to look up.
std::optional<uint32_t> audit_arch_value(std::string_view raw) {
    auto value = field_value::hex_to_u64(raw);
    if (!value || *value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<uint32_t>(*value);
}

}  // namespace

SyscallRecord decode_syscall(const AuditRecord& record) {
    SyscallRecord sc;
    std::optional<uint32_t> audit_arch;
    if (const auto* raw = record.find("arch")) {
        audit_arch = audit_arch_value(*raw);
        auto name = audit_arch ? arch_name(*audit_arch) : std::nullopt;
        sc.arch = name ? std::string(*name) : *raw;
    }
    if (const auto* raw = record.find("syscall")) {
        sc.number = field_value::to_i64(*raw);
        if (sc.number && audit_arch)
            if (auto name = syscall_name(*audit_arch, *sc.number)) sc.name = std::string(*name);
    }
    if (const auto* raw = record.find("success")) {
        if (*raw == "yes") sc.success = true;
        else if (*raw == "no") sc.success = false;
    }
    if (const auto* raw = record.find("exit")) sc.exit = field_value::to_i64(*raw);
    if (const auto* raw = record.find("key"); raw && *raw != "(null)") sc.key = field_value::decode_untrusted(*raw);
    sc.task = decode_task_info(record);
    return sc;
}

}  // namespace audisp_ima

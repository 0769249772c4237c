#include "parser/enriched_names.h"

#include <optional>

namespace audisp_ima {
namespace {

// "name" → name; anything else (no quotes, a quote or a control byte inside, empty, auditd's
// "unknown(N)") → none.
std::optional<std::string_view> quoted_name(std::string_view value) {
    if (value.size() < 3 || value.front() != '"' || value.back() != '"') return std::nullopt;
    value = value.substr(1, value.size() - 2);
    for (unsigned char c : value)
        if (c == '"' || c < 0x20 || c == 0x7f) return std::nullopt;  // no name holds a quote or a control
    if (value.starts_with("unknown(")) return std::nullopt;
    return value;
}

}  // namespace

UserNames decode_enriched_names(std::string_view enrichment, const TaskInfo& task) {
    UserNames names;
    while (!enrichment.empty()) {
        size_t end = enrichment.find(' ');
        std::string_view word = enrichment.substr(0, end);
        enrichment.remove_prefix(end == std::string_view::npos ? enrichment.size() : end + 1);
        size_t eq = word.find('=');
        if (eq == std::string_view::npos || eq < 3 || eq > 5) continue;  // UID= .. FSGID=
        std::string_view key = word.substr(0, eq);
        std::optional<std::string>* name = nullptr;
        const std::optional<uint32_t>* id = nullptr;
        if (key == "AUID") name = &names.auid, id = &task.auid;
        else if (key == "UID") name = &names.uid, id = &task.uid;
        else if (key == "EUID") name = &names.euid, id = &task.euid;
        else if (key == "SUID") name = &names.suid, id = &task.suid;
        else if (key == "FSUID") name = &names.fsuid, id = &task.fsuid;
        else if (key == "GID") name = &names.gid, id = &task.gid;
        else if (key == "EGID") name = &names.egid, id = &task.egid;
        else if (key == "SGID") name = &names.sgid, id = &task.sgid;
        else if (key == "FSGID") name = &names.fsgid, id = &task.fsgid;
        else continue;
        if (*name || !*id || **id == kUnsetId) continue;  // the first of a repeated key; no id, no name
        if (auto value = quoted_name(word.substr(eq + 1))) {
            *name = std::string(*value);
            names.source = NameSource::enriched;
        }
    }
    return names;
}

}  // namespace audisp_ima

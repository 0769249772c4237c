#include "parser/auparse_limits.h"

#include <libaudit.h>

#include <string>

namespace audisp_ima {
namespace {

// libauparse's field name for a token (parse_up_record): "msg='" and a leading '(' are cruft.
std::string_view auparse_field_name(std::string_view token) {
    if (token.substr(0, 5) == "msg='") token.remove_prefix(5);
    auto eq = token.find('=');
    if (eq == std::string_view::npos) return {};
    token = token.substr(0, eq);
    if (!token.empty() && token.front() == '(') token.remove_prefix(1);
    return token;
}

// parse_up_record strdup()s every cwd= of a CWD record and frees only the last.
bool has_two_cwd_fields(std::string_view line) {
    if (line.find("cwd=") == line.rfind("cwd=")) return false;  // the common case costs two scans
    int seen = 0;
    size_t at = 0;
    while (at < line.size()) {
        auto end = line.find(' ', at);
        if (end == std::string_view::npos) end = line.size();
        if (end > at && auparse_field_name(line.substr(at, end - at)) == "cwd" && ++seen == 2) return true;
        at = end + 1;
    }
    return false;
}

// The names libaudit reads as type 1307 (it upper-cases names first): "CWD", "cwd", "UNKNOWN[1307]",
// "1307". A cheap test first, so other records skip the lookup and the scan.
bool may_be_cwd(std::string_view type_name) {
    if (type_name.size() == 3) return (type_name[0] | 0x20) == 'c' && (type_name[1] | 0x20) == 'w' && (type_name[2] | 0x20) == 'd';
    return type_name.substr(0, 8) == "UNKNOWN[" || (!type_name.empty() && type_name[0] >= '0' && type_name[0] <= '9');
}

}  // namespace

std::optional<std::string_view> auparse_blind_spot(std::string_view line, std::string_view type_name) {
    size_t limit = !line.empty() && line.front() == 'n' ? kAuparseHeaderWithNode : kAuparseHeaderWithoutNode;
    // libauparse reads the serial up to the end of its copy, so its last digit (just before the
    // ')' that parse_record_header found) must be inside it.
    // Names cannot hold a blank, but may hold "):", so the search starts at the msg= token.
    size_t msg = line.find(' ', line.substr(0, 5) == "node=" ? line.find(' ') + 1 : 0);
    auto close = msg == std::string_view::npos ? msg : line.find("):", msg);
    if (close == std::string_view::npos || close > limit)
        return limit == kAuparseHeaderWithNode ? "header longer than libauparse reads (340 bytes with node=)"
                                               : "header longer than libauparse reads (80 bytes; type name too long)";
    // libauparse cuts a record at its first 0x1D (where auditd's ENRICHED text starts): inside the
    // header that leaves a record without a type, and libauparse leaks what it parsed after it.
    if (line.substr(0, close).find('\x1d') != std::string_view::npos)
        return "0x1D (auditd's enrichment separator) inside the record header";
    if (may_be_cwd(type_name) && audit_name_to_msg_type(std::string(type_name).c_str()) == AUDIT_CWD &&
        has_two_cwd_fields(line))
        return "CWD record with two cwd= fields";
    return std::nullopt;
}

const std::string& NodeAliases::alias_for(std::string_view node) {
    std::string name(node);
    if (auto it = current_.alias_of.find(name); it != current_.alias_of.end()) return it->second;
    std::string alias;
    if (auto it = previous_.alias_of.find(name); it != previous_.alias_of.end()) {
        alias = it->second;  // still in use: keep it, so an open event's records stay together
    } else {
        alias = std::string(1, kMark) + std::to_string(next_++);
    }
    if (current_.bytes + name.size() > kGenerationBytes && !current_.alias_of.empty()) {
        previous_ = std::move(current_);
        current_ = Generation{};
    }
    current_.bytes += name.size() + alias.size();
    current_.name_of.emplace(alias, name);
    return current_.alias_of.emplace(std::move(name), std::move(alias)).first->second;
}

bool NodeAliases::restore(std::string& fed) const {
    if (fed.empty() || fed.front() != kMark) return true;
    for (const Generation* generation : {&current_, &previous_}) {
        if (auto it = generation->name_of.find(fed); it != generation->name_of.end()) {
            fed = it->second;
            return true;
        }
    }
    return false;
}

}  // namespace audisp_ima

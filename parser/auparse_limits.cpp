#include "parser/auparse_limits.h"

#include <libaudit.h>

#include <algorithm>
#include <array>
#include <string>

#include "parser/record_fields.h"

namespace audisp_ima {
namespace {

constexpr std::string_view kHeaderWithNode = "header longer than libauparse reads (340 bytes with node=)";
constexpr std::string_view kHeaderWithoutNode = "header longer than libauparse reads (80 bytes; type name too long)";
constexpr std::string_view kTwoCwd = "CWD record with two cwd= fields";
constexpr std::string_view kSecondZero = "stamped at second 0 (libauparse hands out no field of it)";
constexpr std::string_view kLongPermissions = "AVC permission list { ... } longer than libauparse takes (255 bytes)";

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

// parse_up_record gathers the words after a "{" word of an AVC or USER_AVC record ("{ read write }")
// into a 256-byte buffer and drops the whole record when they do not fit.
bool has_overlong_permission_list(std::string_view text) {
    size_t at = 0;
    auto next_word = [&]() -> std::string_view {
        while (at < text.size() && text[at] == ' ') ++at;
        size_t end = std::min(text.find(' ', at), text.size());
        std::string_view word = text.substr(at, end - at);
        at = end;
        return word;
    };
    for (std::string_view word = next_word(); !word.empty(); word = next_word()) {
        if (word.front() != '{' || word.find('=') != std::string_view::npos) continue;
        size_t total = 0;
        bool first = true;
        for (std::string_view item = next_word(); !item.empty() && item.front() != '}'; item = next_word()) {
            if (item.size() + 1 >= 256 - total) return true;
            total += item.size() + (first ? 0 : 1);
            first = false;
        }
    }
    return false;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
}

// The type name as libauparse reads it: like every value, without one trailing ':', then ',',
// then '\'', then ')' ("CWD)',:" is CWD to it; "CWD))" is not).
std::string_view auparse_value(std::string_view value) {
    for (char cruft : {':', ',', '\'', ')'})
        if (!value.empty() && value.back() == cruft) value.remove_suffix(1);
    return value;
}

// The record types whose text libauparse parses in its own way, as libaudit names them (it
// upper-cases a name first, and reads "UNKNOWN[1307]" and "1307" as numbers); -1 for the rest, so
// that other records skip the lookup.
int special_type(std::string_view type_name) {
    type_name = auparse_value(type_name);
    bool maybe = equals_ignoring_case(type_name, "cwd") || equals_ignoring_case(type_name, "avc") ||
                 equals_ignoring_case(type_name, "eoe") ||
                 equals_ignoring_case(type_name, "user_avc") || type_name.substr(0, 8) == "UNKNOWN[" ||
                 (!type_name.empty() && type_name[0] >= '0' && type_name[0] <= '9');
    return maybe ? audit_name_to_msg_type(std::string(type_name).c_str()) : -1;
}

}  // namespace

std::optional<std::string_view> auparse_blind_spot(std::string_view line, const RecordHeader& header) {
    // libauparse takes second 0 for "no event" (auparse_get_timestamp, auparse_get_field_name and
    // the other getters test e.sec): such an event would come out under 0.000:0 without its node,
    // its records without fields. Only a clock never set stamps it so.
    if (header.key.sec == 0) return kSecondZero;
    size_t limit = !line.empty() && line.front() == 'n' ? kAuparseHeaderWithNode : kAuparseHeaderWithoutNode;
    // libauparse reads the serial up to the end of its copy, so its last digit (just before the
    // ')' that parse_record_header found) must be inside it.
    // Names cannot hold a blank, but may hold "):", so the search starts at the msg= token.
    size_t msg = line.find(' ', line.substr(0, 5) == "node=" ? line.find(' ') + 1 : 0);
    auto close = msg == std::string_view::npos ? msg : line.find("):", msg);
    if (close == std::string_view::npos || close > limit)
        return limit == kAuparseHeaderWithNode ? kHeaderWithNode : kHeaderWithoutNode;
    // libauparse cuts a record at its first 0x1D (where auditd's ENRICHED text starts): inside the
    // header that leaves a record without a type, and libauparse leaks what it parsed after it.
    if (line.substr(0, close).find('\x1d') != std::string_view::npos)
        return kEnrichmentInHeader;
    int type = special_type(header.type_name);
    if (type < 0) return std::nullopt;
    std::string_view parsed = line.substr(0, line.find('\x1d'));  // libauparse parses no further
    if (type == AUDIT_CWD && has_two_cwd_fields(parsed)) return kTwoCwd;
    if ((type == AUDIT_AVC || type == AUDIT_USER_AVC) && has_overlong_permission_list(parsed))
        return kLongPermissions;
    return std::nullopt;
}

bool auparse_reads_eoe(std::string_view type_name) {
    return type_name == "EOE" || special_type(type_name) == AUDIT_EOE;  // auditd's spelling costs no lookup
}

bool is_auparse_blind_spot_reason(std::string_view reason) {
    constexpr std::array kReasons{kSecondZero,  kHeaderWithNode,  kHeaderWithoutNode,
                                  kEnrichmentInHeader, kTwoCwd, kLongPermissions};
    return std::find(kReasons.begin(), kReasons.end(), reason) != kReasons.end();
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

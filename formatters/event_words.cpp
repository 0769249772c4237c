#include "formatters/event_words.h"

#include <stdexcept>

#include "formatters/text_sanitize.h"
#include "parser/overloaded.h"
#include "parser/record_types.h"

namespace audisp_ima {
namespace {


constexpr int kIntegrityData = 1800;
constexpr int kIntegrityMetadata = 1801;
constexpr int kIntegrityStatus = 1802;
constexpr int kIntegrityHash = 1803;
constexpr int kIntegrityPcr = 1804;
constexpr int kIntegrityRule = 1805;
constexpr int kIntegrityEvmXattr = 1806;
constexpr int kIntegrityPolicyRule = 1807;

const char* integrity_name_of(const IntegrityEvent& ev) {
    switch (ev.record_type) {
        case kIntegrityData: return "IMA file data integrity";
        case kIntegrityMetadata: return "EVM file metadata integrity";
        case kIntegrityStatus: return "IMA integrity status";
        case kIntegrityHash: return "IMA file hash";
        case kIntegrityPcr: return "IMA PCR violation";
        case kIntegrityRule: return ev.field("file") ? "File measured by IMA" : "IMA policy rule";
        case kIntegrityEvmXattr: return "EVM protected xattr change";
        case kIntegrityPolicyRule: return "IMA policy rule";
        default: return "IMA integrity event";
    }
}

// 7: a file failed appraisal or verification; 5: PCR violations and failed policy changes.
int integrity_severity(const IntegrityEvent& ev) {
    bool failed = ev.res == 0;
    switch (ev.record_type) {
        case kIntegrityData:
        case kIntegrityMetadata:
        case kIntegrityHash:
        case kIntegrityEvmXattr: return failed ? 7 : 3;
        case kIntegrityPcr: return 5;
        default: return is_policy_record(ev) && failed ? 5 : 3;
    }
}

}  // namespace

const char* outcome_word(std::optional<bool> success) {
    if (!success) return "unknown";
    return *success ? "success" : "failure";
}

bool is_kernel_hash_algorithm(std::string_view algorithm) {
    static constexpr std::string_view kNames[] = {
        "md4",    "md5",    "sha1",   "rmd160", "sha256", "sha384",   "sha512",      "sha224",
        "rmd128", "rmd256", "rmd320", "wp256",  "wp384",  "wp512",    "tgr128",      "tgr160",
        "tgr192", "sm3",    "sha3-256", "sha3-384", "sha3-512", "streebog256", "streebog512",
    };
    for (std::string_view name : kNames)
        if (algorithm == name) return true;
    return false;
}

std::string command_line(const std::vector<std::string_view>& args) {
    std::string line;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i != 0) line.push_back(' ');
        line += args[i];
    }
    return line;
}

const std::string& host_of(const EventKey& key, const FormatterOptions& options) {
    return key.node.empty() ? options.default_host : key.node;
}

std::string integrity_action_word(std::string_view type_name) {
    constexpr std::string_view kPrefix = "INTEGRITY_";
    if (type_name.starts_with(kPrefix)) type_name.remove_prefix(kPrefix.size());
    std::string word;
    word.reserve(type_name.size());
    for (char c : type_name) {
        if (c == '_') word.push_back('-');
        else if (c >= 'A' && c <= 'Z') word.push_back(static_cast<char>(c - 'A' + 'a'));
        else word.push_back(c);
    }
    return word;
}

std::string integrity_action(const IntegrityEvent& ev) {
    if (ev.op && !ev.op->empty()) return *ev.op;
    return integrity_action_word(integrity_type_name(ev));
}

bool is_policy_record(const IntegrityEvent& ev) {
    return ev.record_type == kIntegrityStatus || ev.record_type == kIntegrityPolicyRule ||
           (ev.record_type == record_type::kIntegrityRule && !ev.field("file"));
}

// "name=value ..." of every field, each name and value shortened, the middle dropped past
// max_items.
std::string fields_text(const std::vector<DecodedField>& fields, const Shortening& shortening) {
    KeptItems kept = kept_items(fields.size(), shortening);
    std::string text, scratch;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (!text.empty()) text.push_back(' ');
        if (i == kept.head && kept.dropped > 0) {
            text += dropped_marker(kept.dropped, "field");
            i += kept.dropped - 1;
            continue;
        }
        text += shorten(fields[i].name, shortening, scratch);
        text.push_back('=');
        text += shorten(fields[i].value, shortening, scratch);
    }
    return text;
}

EventClass event_class(const Event& event) {
    return std::visit(
        Overloaded{
            [](const ExecEvent& ev) {
                bool failed = ev.success() == false;
                return EventClass{"execute", "ima-exec", failed ? "Process execution failed" : "Process executed", failed ? 5 : 3};
            },
            [](const FileMeasurementEvent&) { return EventClass{"measure", "ima-measurement", "File measured by IMA", 3}; },
            [](const IntegrityEvent& ev) {
                return EventClass{integrity_action(ev), "ima-" + integrity_action_word(integrity_type_name(ev)),
                               integrity_name_of(ev), integrity_severity(ev)};
            },
            [](const ProcessEndEvent&) { return EventClass{"exit", "ima-process-end", "Process exited", 3}; },
            [](const ForkEvent&) -> EventClass {
                throw std::logic_error("a fork event feeds the process table and has no message");
            },
        },
        event);
}


std::string field_text(const FieldValue& v, TimeText style, bool is_time) {
    return std::visit(
        [&](const auto& value) -> std::string {
            using V = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<V, std::string_view> || std::is_same_v<V, std::string>) {
                return std::string(value);
            } else if constexpr (std::is_same_v<V, AuditTime>) {
                return style == TimeText::rfc3339 ? rfc3339_utc(value.sec, value.msec) : epoch_millis(value.sec, value.msec);
            } else if constexpr (std::is_same_v<V, uint64_t>) {
                if (is_time && style == TimeText::rfc3339) return rfc3339_utc(value / 1000, static_cast<uint32_t>(value % 1000));
                return std::to_string(value);
            } else if constexpr (std::is_same_v<V, int64_t>) {
                return std::to_string(value);
            } else if constexpr (std::is_same_v<V, bool>) {
                return value ? "true" : "false";
            } else {
                throw std::logic_error("a list where one value was expected");
            }
        },
        v.value);
}

}  // namespace audisp_ima

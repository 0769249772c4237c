#include "formatters/event_words.h"

#include "parser/record_types.h"

namespace audisp_ima {
namespace {

constexpr int kIntegrityStatus = 1802;
constexpr int kIntegrityPolicyRule = 1807;

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

}  // namespace audisp_ima

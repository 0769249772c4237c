// The words both formatters derive from an event (action, outcome, host, policy or file record),
// kept in one place so that a JSON line and a CEF line of the same event always agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formatters/formatter.h"
#include "parser/exec_event.h"
#include "parser/field_catalogue.h"
#include "parser/task_info.h"

namespace audisp_ima {

// "success", "failure" or "unknown".
const char* outcome_word(std::optional<bool> success);

// auid/ses hold a real value (not absent, not the kernel's "unset" 4294967295).
inline bool is_set_id(std::optional<uint32_t> id) { return id && *id != kUnsetId; }

// One of the names the kernel gives its hash algorithms (crypto/hash_info.c hash_algo_name[]:
// md4 md5 sha1 rmd160 sha256 sha384 sha512 sha224 rmd128 rmd256 rmd320 wp256 wp384 wp512 tgr128
// tgr160 tgr192 sm3 streebog256 streebog512 sha3-256 sha3-384 sha3-512), in the lower case
// parse_ima_hash gives. Only these become JSON keys (process.hash.<name>, file.hash.<name>): the
// name is read from the record, which could hold anything before the ':'.
bool is_kernel_hash_algorithm(std::string_view algorithm);

// argv (as printed: PrintedList) joined by single spaces, as a shell would show it (no quoting: the args array is exact).
std::string command_line(const std::vector<std::string_view>& args);

// key.node, else options.default_host; empty when both are.
const std::string& host_of(const EventKey& key, const FormatterOptions& options);

// "INTEGRITY_POLICY_RULE" -> "policy-rule": lower case, '_' -> '-', prefix dropped.
std::string integrity_action_word(std::string_view type_name);
// op= when the record has one, else the action word of its type.
std::string integrity_action(const IntegrityEvent& ev);
// "name=value ..." of an integrity record's fields, each name and value shortened, the middle
// dropped past max_items.
std::string fields_text(const std::vector<DecodedField>& fields, const Shortening& shortening);

// A scalar field value as CEF and LEEF print it: text as it is, numbers in decimal, booleans as
// true/false, and times (the records' own, and the catalogue's millisecond times when `is_time`)
// as milliseconds since the epoch or as rfc3339_utc text. Throws std::logic_error for a list.
enum class TimeText { epoch_ms, rfc3339 };
std::string field_text(const FieldValue& value, TimeText style, bool is_time);

// What CEF and LEEF call an event: the action word, the signature (event) id, a name and a
// severity (0-10; 7 a file failed appraisal or verification, 5 a failed execution, a PCR violation
// or a failed policy change, 3 the rest). Throws std::logic_error for a fork, never a message.
struct EventClass {
    std::string action;
    std::string signature;
    std::string name;
    int severity;
};
EventClass event_class(const Event& event);

// Records about IMA's policy and state rather than about one file: INTEGRITY_STATUS,
// INTEGRITY_POLICY_RULE, and an old kernel's INTEGRITY_RULE policy record (no file=).
bool is_policy_record(const IntegrityEvent& ev);

}  // namespace audisp_ima

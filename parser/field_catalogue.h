// The fields audisp-ima knows, in one table (field_catalogue.cpp): a stable id, the type of its
// value, the kinds of event that carry it, whether a formatter may cut it, and how it is read from
// the event. A format maps ids to its own keys (formatters/cef_fields.cpp) and never reads the
// event itself; the field reference (docs/field-reference.md) is generated from this table; the
// rule engine will name fields by these ids. It lives beside the event model because formatters,
// the fitter and rules all read it. A new field is one entry here, one case in read_field, and
// its tests.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "parser/exec_event.h"

namespace audisp_ima {

enum class FieldId : uint8_t {
    event_time,
    event_serial,
    event_id,
    event_outcome,
    host_hostname,
    host_id,
    process_pid,
    process_executable,
    process_name,
    process_args,
    process_working_directory,
    process_hash_digest,
    process_hash_algorithm,
    process_hash_source,
    process_entity_id,
    process_start,
    process_end,
    process_exit_code,
    process_uptime,
    process_tty,
    process_previous_executable,
    parent_pid,
    parent_executable,
    parent_args,
    parent_entity_id,
    parent_source,
    parent_user_name,
    user_real_id,
    user_real_name,
    user_effective_id,
    user_effective_name,
    user_audit_id,
    audit_session,
    audit_key,
    audit_subj,
    file_path,
    file_name,
    file_hash_digest,
    file_hash_algorithm,
    file_hash_source,
    file_device,
    file_inode,
    container_id,
    systemd_unit,
    integrity_type,
    integrity_cause,
    integrity_fields,
};

enum class FieldType : uint8_t {
    text,     // UTF-8 or not: bytes as the kernel wrote them, decoded
    integer,  // signed or unsigned, printed in decimal
    time_ms,  // milliseconds since the epoch
    boolean,
    words,    // one of a fixed set of words of audisp-ima's own (hash sources, origins)
    list,     // of text (arguments)
    pairs,    // of name and value (an integrity record's fields)
};

// Which kinds of event carry a field, as bits.
enum EventKindBit : uint8_t {
    kExecution = 1,
    kMeasurement = 2,
    kIntegrity = 4,
    kProcessEnd = 8,
};

struct FieldSpec {
    FieldId id;
    std::string_view name;  // stable, dotted: "process.executable"
    FieldType type;
    uint8_t kinds;          // EventKindBit
    // The kinds in which the field is part of the event's identity, never cut by a formatter
    // (the executable of an execution); a hash is identity only when a kernel can have written
    // it (is_plausible_hash), which read_field decides per event.
    uint8_t identity;
    std::string_view summary;
};

// Every field, in the order of FieldId.
std::span<const FieldSpec> field_catalogue();
const FieldSpec& field_spec(FieldId id);

// An audit record's own time, as its header has it: a corrupt header can hold any seconds and
// milliseconds, which a millisecond count could not.
struct AuditTime {
    uint64_t sec = 0;
    uint32_t msec = 0;
};

// A field's value in one event. Text views point into the event (or into static words), which
// must outlive the value; a text made for the value (a record type's name) is a std::string.
// Absent: the event does not carry it.
struct FieldValue {
    using List = const std::vector<std::string>*;
    using Pairs = const std::vector<DecodedField>*;
    std::variant<std::monostate, std::string_view, std::string, int64_t, uint64_t, bool, AuditTime, List, Pairs> value;
    bool whole = false;  // part of this event's identity: a formatter prints it uncut

    bool present() const { return !std::holds_alternative<std::monostate>(value); }
    // A yes/no value (event.outcome), else nullopt.
    std::optional<bool> flag() const {
        auto yes = std::get_if<bool>(&value);
        return yes ? std::optional<bool>(*yes) : std::nullopt;
    }
    // A view of text from the event, else empty.
    std::string_view view() const {
        auto text = std::get_if<std::string_view>(&value);
        return text ? *text : std::string_view();
    }
};

// What read_field needs beside the event: the host name of events without node=.
struct FieldContext {
    std::string_view default_host;
};

FieldValue read_field(FieldId id, const Event& event, const FieldContext& context);
// Not from one alternative: it would be copied into a temporary Event, and the value's views
// would point into that temporary.
template <typename Alternative>
    requires(!std::is_same_v<std::decay_t<Alternative>, Event>)
FieldValue read_field(FieldId id, const Alternative& event, const FieldContext& context) = delete;

// "execution", "measurement", "integrity", "process_end" for one EventKindBit.
std::string_view kind_name(uint8_t kind);
// The EventKindBit of an event; 0 for a fork, which is never a message.
uint8_t event_kind(const Event& event);

}  // namespace audisp_ima

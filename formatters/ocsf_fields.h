// Which catalogue field (parser/field_catalogue.h) each OCSF attribute carries, per kind of event,
// as a dotted attribute path ("process.parent_process.pid"), in the order written. The event's
// class, activity, severity, status, time, metadata and device are written by the formatter
// itself (formatters/ocsf_formatter.h); everything that comes from the records is here. Fields
// OCSF has no attribute for go under "unmapped", as OCSF's base event provides.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parser/field_catalogue.h"

namespace audisp_ima {

enum class OcsfValue : uint8_t {
    text,     // a string, cut unless whole
    id_text,  // a number as a string: OCSF's uid attributes are strings (user.uid "1000")
    number,   // an integer, or a time (timestamp_t: milliseconds since the epoch)
    joined,   // a list joined by spaces: cmd_line
    pairs,    // name=value pairs joined by spaces (an integrity record's fields)
    // A file object: `field` its path, from which name is taken; type_id 1 (Regular File), and
    // hashes from `digest` and `algorithm` when `hashed`.
    file,
};

struct OcsfField {
    std::string_view path;
    FieldId field;
    OcsfValue value = OcsfValue::text;
    bool hashed = false;
    FieldId digest = FieldId::event_time;
    FieldId algorithm = FieldId::event_time;
};

// An OCSF class, and the activity audisp-ima writes in it.
struct OcsfClass {
    int category_uid;
    std::string_view category_name;
    int class_uid;
    std::string_view class_name;
    int activity_id;
    std::string_view activity_name;
};

// The class of an event of `kind` (EventKindBit); an integrity record without a file is a Base
// Event. Throws std::invalid_argument for anything but one kind.
OcsfClass ocsf_class(uint8_t kind, bool has_file);
std::span<const OcsfField> ocsf_fields(uint8_t kind);

// The OCSF fingerprint algorithm of a kernel hash algorithm name: its algorithm_id and caption
// (sha256 -> 3, "SHA-256"); 99 (Other) for a kernel algorithm OCSF does not list and 0 (Unknown)
// for a name no kernel uses, both with an empty caption: the event's own name is written then.
struct OcsfAlgorithm {
    int id;
    std::string_view caption;
};
OcsfAlgorithm ocsf_algorithm(std::string_view kernel_name);

}  // namespace audisp_ima

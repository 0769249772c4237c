// Which catalogue field (parser/field_catalogue.h) each LEEF attribute carries, per kind of event,
// in the order written. QRadar's predefined attributes come first where one fits (devTime, cat,
// sev, usrName); the rest are custom keys, as the LEEF guide allows, named for what they hold.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parser/field_catalogue.h"

namespace audisp_ima {

enum class LeefValue : uint8_t {
    plain,    // the value, cut unless whole in this event
    outcome,  // success, failure, or unknown when absent
    joined,   // a list joined by spaces (argv)
    pairs,    // name=value pairs joined by spaces (an integrity record's fields)
};

struct LeefField {
    std::string_view key;
    FieldId field;
    LeefValue value = LeefValue::plain;
};

// After devTime, devTimeFormat, cat and sev, which the formatter writes itself.
std::span<const LeefField> leef_fields(uint8_t kind);

}  // namespace audisp_ima

// Which catalogue field (parser/field_catalogue.h) each CEF extension key carries, per kind of
// event, in the order the keys are written. The CEF formatter writes these and nothing else from
// the event; the field reference lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "parser/field_catalogue.h"

namespace audisp_ima {

enum class CefValue : uint8_t {
    plain,         // the value, cut unless the catalogue says it is whole in this event
    outcome,       // success, failure, or unknown when absent
    command_line,  // a list joined by spaces, within the key's standard length (cs2)
    joined,        // a list joined by spaces, cut like a plain value
    fields,        // name=value pairs joined by spaces, within the key's standard length (cs4)
};

struct CefField {
    std::string_view key;
    std::string_view label;  // cs*, cn*, flexString*: the *Label written before the value
    FieldId field;
    CefValue value = CefValue::plain;
    // When `field` is absent (dproc: the image, else the kernel's name of the process).
    std::optional<FieldId> otherwise = std::nullopt;
};

// The keys after act= for one EventKindBit (rt, dvchost, deviceExternalId and externalId come
// before act; act itself is a word of the formatter's).
std::span<const CefField> cef_fields_before_act();
std::span<const CefField> cef_fields(uint8_t kind);

}  // namespace audisp_ima

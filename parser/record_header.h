// Checks that a line has the shape of an audit record before it is handed to libauparse, which
// silently drops or misgroups lines it cannot parse. Shape: [node=NAME ]type=TYPE msg=audit(S.MS:N):
#pragma once

#include <optional>
#include <string_view>

#include "parser/audit_record.h"

namespace audisp_ima {

struct RecordHeader {
    EventKey key;
    std::string_view type_name;
};

// A reason ("no type=", "bad timestamp", ...) when the line is not a record.
struct HeaderError {
    std::string_view reason;
};

// nullopt error means ok; `header` is filled on success.
std::optional<HeaderError> parse_record_header(std::string_view line, RecordHeader& header);

}  // namespace audisp_ima

// Makes a message fit a size limit (syslog daemons cut or drop longer ones: rsyslog's default
// maxMessageSize is 8 KiB) by shortening the event's longest variable fields first — arguments,
// paths, the working directory, integrity field values — and re-formatting, so the result is
// still one valid JSON object / CEF line. Every cut value ends in a visible marker with the
// original length, "...[truncated from 20000 bytes]"; a long argument list keeps its head and
// ends in "...[N more arguments truncated]". Nothing is cut silently.
#pragma once

#include <cstddef>
#include <string>

#include "formatters/formatter.h"

namespace audisp_ima {

struct FittedMessage {
    std::string text;
    bool shrunk = false;    // some field was cut
    bool fits = true;       // false only if even the skeleton of the message is over the limit
};

// `max_bytes` = 0 means no limit.
FittedMessage format_within(const Formatter& formatter, const Event& event, size_t max_bytes);

}  // namespace audisp_ima

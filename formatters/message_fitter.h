// Makes a message fit a size limit (syslog daemons cut or drop longer ones: rsyslog's default
// maxMessageSize keeps 8096 bytes of a datagram) by asking the formatter for the same event with
// its values and lists shortened (shortening.h), searching for the least shortening that fits,
// so the result is still one valid JSON object / CEF line. Values are cut to one length for all,
// lists lose their middle: an outlier value is cut before any argument is dropped, and arguments
// are dropped before every value is cut short. The event's identity (pid, ppid, executable,
// valid hash, serial, ids, time) is never cut; when it alone is over the limit, with every other
// value and list at its minimum, the message does not fit and must not be sent.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "formatters/formatter.h"

namespace audisp_ima {

struct FittedMessage {
    std::string text;       // within the limit when `fits`
    bool shrunk = false;    // something was cut or dropped
    bool fits = true;       // false: even the identity with everything else at its minimum is over
                            // the limit; `text` is that smallest message, longer than the limit
    unsigned formats = 0;   // how often the formatter ran
};

// `max_bytes` = 0 means no limit.
FittedMessage format_within(const Formatter& formatter, const Event& event, size_t max_bytes);

// The same search over any text made under a shortening: a whole message above, or one value a
// format bounds on its own (CEF's cs2 command line, 4,000 characters).
using ShortenedText = std::function<std::string(const Shortening&)>;
FittedMessage fit_shortened(const ShortenedText& print, size_t max_bytes);

}  // namespace audisp_ima

// Event in, one line out. A formatter is pure: no I/O, no clock, no global state, so every output
// can be checked in unit tests. The returned line has no trailing newline and never contains a
// raw '\n' or '\r', whatever bytes the event holds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "formatters/shortening.h"
#include "formatters/statistics_report.h"
#include "parser/exec_event.h"

namespace audisp_ima {

struct FormatterOptions {
    // host.hostname / dvchost for events without a node= prefix (the plugin passes gethostname()).
    std::string default_host;
    // The plugin's own pid and effective uid: the Sysmon format names its writer (Execution,
    // Security), as Sysmon does.
    int64_t writer_pid = 0;
    uint32_t writer_uid = 0;
};

class Formatter {
public:
    virtual ~Formatter() = default;
    std::string format(const Event& event) const { return format(event, Shortening{}); }
    // The line with every value from the event shortened as `shortening` says (message_fitter).
    virtual std::string format(const Event& event, const Shortening& shortening) const = 0;
    // The plugin's counters as one message of the same format.
    virtual std::string format_statistics(const StatisticsReport& report) const = 0;
};

// "json", "cef", "leef", "ocsf" or "sysmon"; throws std::invalid_argument for anything else.
std::unique_ptr<Formatter> make_formatter(std::string_view name, FormatterOptions options);

}  // namespace audisp_ima

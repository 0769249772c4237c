// One compact JSON object per event, ECS 8.11 field names where ECS has a field, the rest under
// "audisp_ima". Every string is valid UTF-8 (invalid bytes become U+FFFD and the field is listed
// in audisp_ima.invalid_utf8); control characters are escaped as \u00XX by the JSON writer.
#pragma once

#include <string>

#include "formatters/formatter.h"

namespace audisp_ima {

class JsonFormatter : public Formatter {
public:
    explicit JsonFormatter(FormatterOptions options) : options_(std::move(options)) {}
    using Formatter::format;
    std::string format(const Event& event, const Shortening& shortening) const override;
    std::string format_statistics(const StatisticsReport& report) const override;  // json_statistics.cpp

private:
    // One per event kind, picked by std::visit: a kind without its own does not compile.
    std::string format_kind(const ExecEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const FileMeasurementEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const IntegrityEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const ProcessEndEvent& ev, const Shortening& shortening) const;
    // Never asked: the pipeline formats no fork event (parser/process_events.h). Throws.
    std::string format_kind(const ForkEvent& ev, const Shortening& shortening) const;

    FormatterOptions options_;
    // Where each line is written before it is copied out at its size: format() is called on one
    // thread only (the reader's; format_statistics does not use it).
    mutable std::string line_;
};

}  // namespace audisp_ima

// ArcSight CEF 0: "CEF:0|audisp-ima|audisp-ima|<version>|<signature>|<name>|<severity>|k=v ...".
// Extension keys come in a fixed order, each a field of the catalogue (formatters/cef_fields.h). Values are UTF-8 with '\', '=', LF and CR escaped; other
// control characters and invalid UTF-8 become U+FFFD, and the keys concerned are listed in
// flexString2 (label invalidUtf8Fields).
#pragma once

#include "formatters/formatter.h"

namespace audisp_ima {

class CefFormatter : public Formatter {
public:
    explicit CefFormatter(FormatterOptions options) : options_(std::move(options)) {}
    using Formatter::format;
    std::string format(const Event& event, const Shortening& shortening) const override;
    std::string format_statistics(const StatisticsReport& report) const override;

    // A fork event is never asked for (the pipeline formats none, parser/process_events.h): throws.

private:
    FormatterOptions options_;
};

}  // namespace audisp_ima

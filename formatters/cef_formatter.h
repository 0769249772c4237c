// ArcSight CEF 0: "CEF:0|audisp-ima|audisp-ima|<version>|<signature>|<name>|<severity>|k=v ...".
// Extension keys come in a fixed order. Values are UTF-8 with '\', '=', LF and CR escaped; other
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

private:
    // One per event kind, picked by std::visit: a kind without its own does not compile.
    std::string format_kind(const ExecEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const FileMeasurementEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const IntegrityEvent& ev, const Shortening& shortening) const;
    std::string format_kind(const ProcessEndEvent& ev, const Shortening& shortening) const;
    // Never asked: the pipeline formats no fork event (parser/process_events.h). Throws.
    std::string format_kind(const ForkEvent& ev, const Shortening& shortening) const;

    FormatterOptions options_;
};

}  // namespace audisp_ima

// IBM QRadar LEEF 2.0: "LEEF:2.0|audisp-ima|audisp-ima|<version>|<event id>|x09|k=v<TAB>k=v ...".
// The sixth header field names the attribute delimiter; tab (hex x09), because LEEF has no escape
// for the delimiter in a value and a tab is a control character no value keeps: every control
// character (tab, CR, LF and the rest of C0, and DEL) and invalid UTF-8 in a value becomes
// U+FFFD, and the keys concerned are listed in invalidUtf8Fields. Values are otherwise as they
// are ('=' included: a key ends at the first '='). devTime/devTimeFormat, cat and sev are
// QRadar's predefined attributes; every other key carries a field of the catalogue
// (formatters/leef_fields.h). Header fields escape '|' and '\' with '\'.
#pragma once

#include "formatters/formatter.h"

namespace audisp_ima {

class LeefFormatter : public Formatter {
public:
    explicit LeefFormatter(FormatterOptions options) : options_(std::move(options)) {}
    using Formatter::format;
    // A fork event is never asked for (the pipeline formats none): throws std::logic_error.
    std::string format(const Event& event, const Shortening& shortening) const override;
    std::string format_statistics(const StatisticsReport& report) const override;

private:
    FormatterOptions options_;
};

}  // namespace audisp_ima

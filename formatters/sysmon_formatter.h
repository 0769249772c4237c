// Sysmon for Linux's XML event, one per line, as Sysmon writes it to syslog:
//   <Event><System><Provider Name=".." Guid=".."/><EventID>1</EventID><Version>5</Version>
//   <Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>
//   <TimeCreated SystemTime="2026-11-26T17:40:10.720000000Z"/><EventRecordID>171</EventRecordID>
//   <Correlation/><Execution ProcessID=".." ThreadID=".."/><Channel>..</Channel>
//   <Computer>host</Computer><Security UserId="0"/></System>
//   <EventData><Data Name="RuleName">-</Data>...</EventData></Event>
// (without the line breaks; no XML declaration, as Sysmon). The items of each event type are in
// formatters/sysmon_fields.h. Where Sysmon's values come from its own process (the record id it
// counts, its pid, the time it wrote), audisp-ima's come from the event, so that the same record
// always gives the same line: TimeCreated is the record's time, EventRecordID its audit serial;
// Execution and Security name the plugin's pid and uid (FormatterOptions). Values are escaped as
// formatters/xml_text.h says; when any had to be replaced by U+FFFD, a last item
// InvalidUtf8Fields names them.
#pragma once

#include "formatters/formatter.h"

namespace audisp_ima {

class SysmonFormatter : public Formatter {
public:
    explicit SysmonFormatter(FormatterOptions options) : options_(std::move(options)) {}
    using Formatter::format;
    // A fork event is never asked for (the pipeline formats none): throws std::logic_error.
    std::string format(const Event& event, const Shortening& shortening) const override;
    std::string format_statistics(const StatisticsReport& report) const override;

private:
    FormatterOptions options_;
};

}  // namespace audisp_ima

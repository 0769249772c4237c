// OCSF (Open Cybersecurity Schema Framework) 1.8.0 events, one compact JSON object per line:
// executions are Process Activity (class 1007) Launch with launch_type Exec, process ends its
// Terminate, standalone measurements File System Activity (1001) with activity Other named
// "Measure", integrity records File System Activity Other (or a Base Event when they name no
// file). Every event has the base event's required attributes (activity_id, category_uid,
// class_uid, type_uid = class_uid * 100 + activity_id, severity_id, time in milliseconds,
// metadata with product and schema version) and the System Activity category's actor and device;
// the attributes from the records are in formatters/ocsf_fields.cpp. What OCSF has no attribute
// for (the hash's provenance, the audit serial and key, the LSM label) is under "unmapped".
#pragma once

#include "formatters/formatter.h"

namespace audisp_ima {

// The schema version every message names in metadata.version.
inline constexpr std::string_view kOcsfVersion = "1.8.0";

class OcsfFormatter : public Formatter {
public:
    explicit OcsfFormatter(FormatterOptions options) : options_(std::move(options)) {}
    using Formatter::format;
    // A fork event is never asked for (the pipeline formats none): throws std::logic_error.
    std::string format(const Event& event, const Shortening& shortening) const override;
    std::string format_statistics(const StatisticsReport& report) const override;

private:
    FormatterOptions options_;
};

}  // namespace audisp_ima

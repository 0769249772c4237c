// The statistics message in JSON: ECS event.kind "metric", the counters under
// audisp_ima.statistics. Written a few times an hour, so the DOM writer's cost does not matter.
#include <nlohmann/json.hpp>

#include "formatters/json_formatter.h"
#include "formatters/text_sanitize.h"

namespace audisp_ima {

std::string JsonFormatter::format_statistics(const StatisticsReport& report) const {
    nlohmann::ordered_json out;
    out["@timestamp"] = rfc3339_utc(report.sec, report.msec);
    out["ecs"]["version"] = "8.11.0";
    out["event"]["kind"] = "metric";
    out["event"]["action"] = "statistics";
    out["event"]["reason"] = report.trigger;
    out["event"]["module"] = "audisp-ima";
    out["event"]["dataset"] = "audisp_ima.statistics";
    if (!report.host.empty()) out["host"]["hostname"] = to_valid_utf8(report.host);
    auto& stats = out["audisp_ima"]["statistics"];
    stats["uptime_seconds"] = report.uptime_seconds;
    for (const auto& [name, value] : report.counters) stats[name] = value;
    return out.dump();
}

}  // namespace audisp_ima

// The plugin's own health, written into the same stream and format as the events (every
// stats_interval seconds, on SIGUSR1 and at exit), so the SIEM sees drops and errors where it
// sees the events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parser/counter.h"

namespace audisp_ima {

struct StatisticsReport {
    uint64_t sec = 0;    // wall-clock time of the report
    uint32_t msec = 0;
    std::string host;    // the host the plugin runs on
    std::string trigger; // "interval", "signal" or "exit"
    uint64_t uptime_seconds = 0;
    std::vector<Counter> counters;  // name -> value, in a fixed order
};

}  // namespace audisp_ima

#include "parser/lineage.h"

namespace audisp_ima {

const char* to_string(ProcessOrigin origin) {
    switch (origin) {
        case ProcessOrigin::exec: return "exec";
        case ProcessOrigin::fork: return "fork";
        case ProcessOrigin::seeded: return "seeded";
        case ProcessOrigin::proc: return "proc";
    }
    return "unknown";
}

std::optional<int64_t> uptime_seconds(const EventKey& end, const Lineage& lineage) {
    if (!lineage.start_ms) return std::nullopt;
    int64_t ran = audit_time_ms(end) - static_cast<int64_t>(*lineage.start_ms);
    if (ran < 0) return std::nullopt;
    return ran / 1000;
}

}  // namespace audisp_ima

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

}  // namespace audisp_ima

// What every part of the pipeline reports about itself: named counts, gathered in a fixed order
// into the statistics message and the exit summary. Here, beside the event model, so that the
// parser, the stages and the formatters all name the same type.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace audisp_ima {

using Counter = std::pair<std::string, uint64_t>;

}  // namespace audisp_ima

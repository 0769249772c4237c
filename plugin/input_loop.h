// The reader thread's loop: drains the input into the pipeline as fast as it arrives, keeps
// events flowing when the input goes quiet (libauparse 3.0.9 holds completed events until its
// next feed or age call), and serves requests from other threads between reads.
#pragma once

#include <functional>
#include <string_view>

#include "plugin/input.h"
#include "plugin/pipeline.h"
#include "plugin/reader_requests.h"

namespace audisp_ima {

enum class LoopEnd { end_of_input, stop_requested };

// Whether one read brought enough (120 records, or 64 KiB) that auditd's plugin socket may have
// filled during the pause before it: then the loop reads on at once instead of pausing again.
bool input_is_busy(std::string_view read);

// Reads `input` to its end, a read error (thrown as std::system_error) or a stop request.
// `serve` handles reload and statistics requests; `after_step`, when given, runs before each wait
// for input, so after every read, timer tick and request served (the caller hands over what
// they produced there). Does
// not flush the pipeline: the caller does, whatever the reason the loop ended.
LoopEnd run_input_loop(Input& input, Pipeline& pipeline, ReaderRequests& requests,
                       const std::function<void(ReaderRequest&)>& serve,
                       const std::function<void()>& after_step = {});

}  // namespace audisp_ima

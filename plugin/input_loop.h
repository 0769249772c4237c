// The read loop: drains a file descriptor into the pipeline and keeps events flowing when the
// input goes quiet (libauparse 3.0.9 holds completed events until its next feed or age call).
#pragma once

#include <csignal>

#include "plugin/pipeline.h"

namespace audisp_ima {

enum class LoopEnd { end_of_input, stop_requested };

// Reads `fd` until EOF, a read error (thrown as std::system_error) or `stop` becoming non-zero.
// Does not flush the pipeline: the caller does, whatever the reason the loop ended.
LoopEnd run_input_loop(int fd, Pipeline& pipeline, const volatile std::sig_atomic_t& stop);

}  // namespace audisp_ima

#include "plugin/input_loop.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace audisp_ima {
namespace {

// auditd's own example plugin waits one second before aging events; shorter only burns CPU.
constexpr int kAgeIntervalMs = 1000;
constexpr size_t kReadSize = 64 * 1024;

bool readable_now(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

}  // namespace

LoopEnd run_input_loop(int fd, Pipeline& pipeline, const volatile std::sig_atomic_t& stop) {
    std::vector<char> buffer(kReadSize);
    while (!stop) {
        pollfd p{fd, POLLIN, 0};
        int timeout = pipeline.has_pending() ? kAgeIntervalMs : -1;
        int ready = ::poll(&p, 1, timeout);
        if (ready < 0) {
            if (errno == EINTR) continue;  // a signal: the loop condition decides
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (ready == 0) {
            pipeline.age();
            pipeline.flush_sink();
            continue;
        }
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n == 0) return LoopEnd::end_of_input;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw std::system_error(errno, std::generic_category(), "read");
        }
        pipeline.feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
        // Live input: send what we have as soon as the producer pauses, not when a buffer fills.
        if (!readable_now(fd)) pipeline.flush_sink();
    }
    return LoopEnd::stop_requested;
}

}  // namespace audisp_ima

#include "plugin/input_loop.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace audisp_ima {
namespace {

// auditd's own example plugin ages events once a second; more often only burns CPU.
constexpr int kAgeIntervalMs = 1000;
// auditd writes one record per write(); a large read drains a burst in one system call.
constexpr size_t kReadSize = 256 * 1024;

}  // namespace

LoopEnd run_input_loop(int fd, Pipeline& pipeline, ReaderRequests& requests,
                       const std::function<void(ReaderRequest&)>& serve,
                       const std::function<void()>& after_step) {
    std::vector<char> buffer(kReadSize);
    for (;;) {
        if (after_step) after_step();
        pollfd fds[2] = {{fd, POLLIN, 0}, {requests.fd(), POLLIN, 0}};
        int timeout = pipeline.has_pending() ? kAgeIntervalMs : -1;
        int ready = ::poll(fds, 2, timeout);
        if (ready < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (ready == 0) {
            pipeline.age();
            continue;
        }
        if (fds[1].revents & POLLIN) {
            // A reload or report asked together with the stop is served first: what is still
            // held comes out under the settings the operator asked for last.
            ReaderRequest request = requests.take();
            if (request.reload || !request.statistics.empty()) serve(request);
            if (request.stop) return LoopEnd::stop_requested;
        }
        if (fds[0].revents == 0) continue;
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n == 0) return LoopEnd::end_of_input;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw std::system_error(errno, std::generic_category(), "read");
        }
        pipeline.feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
    }
}

}  // namespace audisp_ima

#include "plugin/input_loop.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <string_view>
#include <system_error>
#include <thread>

namespace audisp_ima {
namespace {

// auditd's own example plugin ages events once a second; more often only burns CPU.
constexpr int kAgeIntervalMs = 1000;
// auditd writes one record per write(); a large read drains a burst in one system call.
constexpr size_t kReadSize = 256 * 1024;
// After a short read the reader pauses this long, so that records gather into the next read:
// one wake-up per hundred records instead of a poll, a read and a context switch per record,
// which at 1,667 events/s was most of the plugin's CPU (bench/README.md "Paced").
constexpr auto kGather = std::chrono::milliseconds(8);
// What auditd's end holds is counted in writes as much as in bytes: its plugin socket (a
// socketpair, audisp/audispd.c) takes 167 writes of 200 to 400 bytes, or 93 of 1,000, before its
// dispatcher waits (measured: AF_UNIX stream, net.core.wmem_default 212,992), and the
// dispatcher's own queue (q_depth, default 2,000 events) takes over. A read after a pause that
// brought less than three quarters of that (in records or in bytes) shows the socket never
// filled: the same pause is safe again. At 1,667 events/s about 95 records come in 8 ms; from
// about 2,200 events/s on the reader goes on without pausing.
constexpr size_t kBusyRecords = 120;
constexpr size_t kBusyBytes = 64 * 1024;

}  // namespace

bool input_is_busy(std::string_view read) {
    if (read.size() >= kBusyBytes) return true;
    size_t records = 0;
    for (size_t at = read.find('\n'); at != std::string_view::npos; at = read.find('\n', at + 1))
        if (++records >= kBusyRecords) return true;
    return false;
}

LoopEnd run_input_loop(Input& input, Pipeline& pipeline, ReaderRequests& requests,
                       const std::function<void(ReaderRequest&)>& serve,
                       const std::function<void()>& after_step) {
    // Not zero-filled: a page of it becomes resident only when a read first reaches it, so a
    // plugin fed auditd's small reads keeps a few pages, not 256 KiB (a saved log fills it all).
    std::unique_ptr<char[]> buffer(new char[kReadSize]);
    for (;;) {
        if (after_step) after_step();
        pollfd fds[2] = {{input.poll_fd(), POLLIN, 0}, {requests.fd(), POLLIN, 0}};
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
        ssize_t n = input.read(buffer.get(), kReadSize);
        if (n == 0) return LoopEnd::end_of_input;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw std::system_error(errno, std::generic_category(), "read");
        }
        std::string_view bytes(buffer.get(), static_cast<size_t>(n));
        pipeline.feed(bytes);
        if (!input_is_busy(bytes)) {
            if (after_step) after_step();  // what this read produced leaves before the pause
            std::this_thread::sleep_for(kGather);
        }
    }
}

}  // namespace audisp_ima

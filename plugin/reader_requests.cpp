#include "plugin/reader_requests.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace audisp_ima {

ReaderRequests::ReaderRequests() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

ReaderRequests::~ReaderRequests() { ::close(fd_); }

void ReaderRequests::wake() {
    uint64_t one = 1;
    // Cannot fail short of a full counter, and then the reader is woken anyway.
    [[maybe_unused]] ssize_t n = ::write(fd_, &one, sizeof one);
}

void ReaderRequests::stop() {
    {
        std::lock_guard lock(mutex_);
        pending_.stop = true;
    }
    wake();
}

void ReaderRequests::reload(Settings settings) {
    {
        std::lock_guard lock(mutex_);
        pending_.reload = std::move(settings);
    }
    wake();
}

void ReaderRequests::statistics(std::string trigger) {
    {
        std::lock_guard lock(mutex_);
        pending_.statistics.push_back(std::move(trigger));
    }
    wake();
}

ReaderRequest ReaderRequests::take() {
    uint64_t count = 0;
    [[maybe_unused]] ssize_t n = ::read(fd_, &count, sizeof count);
    std::lock_guard lock(mutex_);
    ReaderRequest taken = std::move(pending_);
    pending_ = ReaderRequest{};
    return taken;
}

}  // namespace audisp_ima

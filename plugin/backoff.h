// Exponential back-off between reconnection attempts: a daemon that is restarting comes back
// within moments, one that is gone should not cost a syscall storm.
#pragma once

#include <algorithm>
#include <chrono>

namespace audisp_ima {

class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
        : initial_(std::max(initial, std::chrono::milliseconds(1))), max_(std::max(max, initial_)), next_(initial_) {}

    // The wait before the coming attempt; the one after it will be twice as long, up to max.
    std::chrono::milliseconds next() {
        const auto now = next_;
        next_ = std::min(next_ * 2, max_);
        return now;
    }
    void reset() { next_ = initial_; }

private:
    std::chrono::milliseconds initial_;
    std::chrono::milliseconds max_;
    std::chrono::milliseconds next_;
};

}  // namespace audisp_ima

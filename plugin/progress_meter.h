// Progress of a long --input conversion, for a person watching a terminal: bytes and records
// done, rate, time left. The runtime shows it only when stderr is a terminal, so scripts and
// auditd see nothing new. Writes through a callback: no I/O here.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace audisp_ima {

// "1.5 GiB of 3.0 GiB (50%), 4,500,000 records, 120.0 MiB/s, 13 s left"; without a known total
// (a pipe), only what is done and the rate.
std::string progress_text(uint64_t bytes, uint64_t records, double seconds, std::optional<uint64_t> total_bytes);

class ProgressMeter {
public:
    using Clock = std::chrono::steady_clock;
    using Write = std::function<void(const std::string&)>;

    ProgressMeter(std::optional<uint64_t> total_bytes, Clock::time_point start, Write write)
        : total_(total_bytes), start_(start), write_(std::move(write)) {}

    // Redraws the line (carriage return, text, erase to the end of the line) at most four times a
    // second; the first after a second, so a short run prints nothing.
    void update(Clock::time_point now, uint64_t bytes, uint64_t records);
    // Erases a drawn line, so that a diagnostic written next starts a line of its own; the next
    // update draws again at once.
    void clear();
    // The last state on its own line, if a line was drawn at all.
    void finish(Clock::time_point now, uint64_t bytes, uint64_t records);

private:
    std::string line(Clock::time_point now, uint64_t bytes, uint64_t records) const;

    std::optional<uint64_t> total_;
    Clock::time_point start_;
    Write write_;
    std::optional<Clock::time_point> drawn_;
    bool shown_ = false;        // a line is on the terminal now
    bool redraw_now_ = false;   // cleared for a diagnostic: the next update draws whatever the time
};

}  // namespace audisp_ima

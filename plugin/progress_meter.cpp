#include "plugin/progress_meter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace audisp_ima {
namespace {

constexpr auto kFirstDraw = std::chrono::seconds(1);
constexpr auto kRedraw = std::chrono::milliseconds(250);

std::string size_text(double bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    size_t unit = 0;
    while (bytes >= 1024 && unit + 1 < std::size(units)) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    if (unit == 0) std::snprintf(text, sizeof text, "%.0f B", bytes);
    else std::snprintf(text, sizeof text, "%.1f %s", bytes, units[unit]);
    return text;
}

std::string grouped(uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string duration_text(double seconds) {
    auto s = static_cast<uint64_t>(std::ceil(seconds));
    if (s < 60) return std::to_string(s) + " s";
    if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

std::string progress_text(uint64_t bytes, uint64_t records, double seconds, std::optional<uint64_t> total_bytes) {
    std::string text = size_text(static_cast<double>(bytes));
    if (total_bytes && *total_bytes > 0) {
        uint64_t shown = std::min(bytes, *total_bytes);  // zlib reads ahead of what it hands out
        text += " of " + size_text(static_cast<double>(*total_bytes)) + " (" +
                std::to_string(shown * 100 / *total_bytes) + "%)";
    }
    text += ", " + grouped(records) + " records";
    if (seconds > 0 && bytes > 0) {
        double rate = static_cast<double>(bytes) / seconds;
        text += ", " + size_text(rate) + "/s";
        if (total_bytes && *total_bytes > bytes) text += ", " + duration_text(static_cast<double>(*total_bytes - bytes) / rate) + " left";
    }
    return text;
}

std::string ProgressMeter::line(Clock::time_point now, uint64_t bytes, uint64_t records) const {
    double seconds = std::chrono::duration<double>(now - start_).count();
    return "audisp-ima: " + progress_text(bytes, records, seconds, total_);
}

void ProgressMeter::update(Clock::time_point now, uint64_t bytes, uint64_t records) {
    if (!redraw_now_ && (drawn_ ? now - *drawn_ < kRedraw : now - start_ < kFirstDraw)) return;
    redraw_now_ = false;
    drawn_ = now;
    shown_ = true;
    write_("\r" + line(now, bytes, records) + "\033[K");
}

void ProgressMeter::clear() {
    if (!shown_) return;
    shown_ = false;
    redraw_now_ = true;
    write_("\r\033[K");
}

void ProgressMeter::finish(Clock::time_point now, uint64_t bytes, uint64_t records) {
    if (!drawn_) return;
    shown_ = false;
    write_("\r" + line(now, bytes, records) + "\033[K\n");
}

}  // namespace audisp_ima

// pace-stream: replays an audit log into stdout at a fixed real rate, one write() per record as
// auditd's dispatcher writes, so a plugin's CPU can be measured at a production-like load rather
// than flat out. Events are paced, not records: an event's records go out back to back, as the
// kernel emits them; the next event waits for its slot (start + n / rate).
//   pace-stream --events-per-second R [--seconds S] [--restamp] FILE > pipe
// --restamp gives each event the realtime clock's time as it goes out (same serial), as a live
// host's records have: what a plugin decides by comparing an event's time with its own clock
// (answers from /proc reused for older events) then sees what it would see live.
// Stops at the end of FILE or after S seconds; says on stderr how many events and records it wrote
// and how far behind schedule it fell (a pacer that cannot keep up makes the figure meaningless).
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "pace-stream: %s\nusage: pace-stream --events-per-second R [--seconds S] [--restamp] FILE\n", why);
    std::exit(2);
}

// "1795714800.002:21368" of "... msg=audit(1795714800.002:21368): ...": what ties records together.
std::string_view event_id(std::string_view line) {
    auto open = line.find("msg=audit(");
    if (open == std::string_view::npos) return line;
    auto close = line.find(')', open);
    return line.substr(open, close == std::string_view::npos ? std::string_view::npos : close - open);
}

uint64_t now_ns() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(t.tv_nsec);
}

void sleep_until(uint64_t ns) {
    timespec t{static_cast<time_t>(ns / 1'000'000'000u), static_cast<long>(ns % 1'000'000'000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr) == EINTR) {
    }
}

// "SECONDS.MMM" of the realtime clock now: 14 bytes until the year 2286.
std::string realtime_stamp() {
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    char text[32];
    int n = std::snprintf(text, sizeof text, "%lld.%03ld", static_cast<long long>(t.tv_sec), t.tv_nsec / 1'000'000);
    return std::string(text, static_cast<size_t>(n));
}

// `line` with its stamp (the digits before ':' in msg=audit(...)) replaced by `stamp`.
std::string restamped(std::string_view line, std::string_view stamp) {
    auto open = line.find("msg=audit(");
    if (open == std::string_view::npos) return std::string(line);
    open += 10;
    auto colon = line.find(':', open);
    if (colon == std::string_view::npos) return std::string(line);
    std::string out(line.substr(0, open));
    out.append(stamp).append(line.substr(colon));
    return out;
}

bool write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    double rate = 0, seconds = 0;
    bool restamp = false;
    const char* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if ((arg == "--events-per-second" || arg == "--seconds") && i + 1 < argc) {
            char* end = nullptr;
            double value = std::strtod(argv[++i], &end);
            if (!end || *end || !(value > 0)) usage("a rate and a duration are positive numbers");
            (arg == "--seconds" ? seconds : rate) = value;
        } else if (arg == "--restamp") {
            restamp = true;
        } else if (!path && arg.substr(0, 1) != "-") {
            path = argv[i];
        } else {
            usage("unknown argument");
        }
    }
    if (!path || rate <= 0) usage("--events-per-second and FILE are required");
    std::ifstream in(path, std::ios::binary);
    if (!in) usage("cannot read FILE");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    const uint64_t start = now_ns();
    const uint64_t stop = seconds > 0 ? start + static_cast<uint64_t>(seconds * 1e9) : UINT64_MAX;
    uint64_t events = 0, records = 0, worst_late_ns = 0;
    std::string_view previous;
    std::string stamp, line_out;
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string_view line(text.data() + at, end - at);
        at = end;
        std::string_view id = event_id(line);
        if (id != previous) {  // a new event: wait for its slot
            uint64_t slot = start + static_cast<uint64_t>(static_cast<double>(events) * 1e9 / rate);
            if (slot >= stop) break;
            uint64_t now = now_ns();
            if (now < slot) sleep_until(slot);
            else if (now - slot > worst_late_ns) worst_late_ns = now - slot;
            ++events;
            previous = id;
            if (restamp) stamp = realtime_stamp();
        }
        if (restamp) line = line_out = restamped(line, stamp);
        if (!write_all(line)) {
            std::fprintf(stderr, "pace-stream: write failed: %s\n", std::strerror(errno));
            return 1;
        }
        ++records;
    }
    double took = static_cast<double>(now_ns() - start) / 1e9;
    std::fprintf(stderr, "pace-stream: events=%llu records=%llu seconds=%.2f events_per_second=%.0f worst_late_ms=%.1f\n",
                 static_cast<unsigned long long>(events), static_cast<unsigned long long>(records), took,
                 took > 0 ? static_cast<double>(events) / took : 0.0, static_cast<double>(worst_late_ns) / 1e6);
    return 0;
}

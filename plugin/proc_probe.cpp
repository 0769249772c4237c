#include "plugin/proc_probe.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace audisp_ima {
namespace {

// Up to `max` bytes of a small /proc file, `path` relative to the open /proc directory `dir`;
// nullopt when it cannot be opened (the process is gone). Relative to a held descriptor, the
// kernel walks one component less per open, and most opens are of short-lived processes' files.
std::optional<std::string> read_small(int dir, const char* path, size_t max) {
    int fd = ::openat(dir, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string out;
    char chunk[4096];
    while (out.size() < max) {
        ssize_t n = ::read(fd, chunk, std::min(sizeof chunk, max - out.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(chunk, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

// "PID/NAME" without allocating: the probe's hottest paths are built per event.
struct PidPath {
    char text[48];
    PidPath(int64_t pid, const char* name) {
        auto [end, error] = std::to_chars(text, text + 24, pid);
        (void)error;  // 24 bytes hold every int64
        *end++ = '/';
        size_t length = std::min(std::strlen(name), sizeof text - 1 - static_cast<size_t>(end - text));
        std::memcpy(end, name, length);
        end[length] = '\0';
    }
};

int64_t read_btime(int root) {
    auto text = read_small(root, "stat", 1 << 16);
    if (!text) return 0;
    auto at = text->find("\nbtime ");
    if (at == std::string::npos) return 0;
    return std::strtoll(text->c_str() + at + 7, nullptr, 10);
}

template <typename T>
std::optional<T> number(std::string_view text) {
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data()) return std::nullopt;
    return value;
}

// The kernel's default when the file cannot be read (PID_MAX_DEFAULT): the smallest usual range,
// so the reuse window the stage derives from it is the shortest.
int64_t read_pid_max(int root) {
    auto text = read_small(root, "sys/kernel/pid_max", 32);
    auto value = text ? number<int64_t>(std::string_view(*text).substr(0, text->find('\n'))) : std::nullopt;
    return value && *value > 0 ? *value : 32768;
}

}  // namespace

std::optional<StatLine> parse_stat_line(std::string_view line) {
    auto open = line.find('(');
    auto close = line.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
    std::string_view rest = line.substr(close + 1);
    // Field 3 (state) is the first after the name; ppid is field 4, starttime field 22.
    StatLine out;
    out.comm = std::string(line.substr(open + 1, close - open - 1));
    int field = 2;
    bool have_ppid = false;
    while (!rest.empty()) {
        auto start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        auto end = rest.find(' ');
        std::string_view token = rest.substr(0, end);
        ++field;
        if (field == 4) {
            auto ppid = number<int64_t>(token);
            if (!ppid) return std::nullopt;
            out.ppid = *ppid;
            have_ppid = true;
        } else if (field == 22) {
            auto ticks = number<uint64_t>(token);
            if (!ticks || !have_ppid) return std::nullopt;
            out.start_ticks = *ticks;
            return out;
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end);
    }
    return std::nullopt;
}

ProcProbe::ProcProbe(std::string root)
    : root_(std::move(root)),
      root_fd_(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)),
      own_pid_namespace_(root_ == "/proc"),
      ticks_per_second_(static_cast<uint64_t>(std::max(sysconf(_SC_CLK_TCK), 1L))),
      boot_time_s_(read_btime(root_fd_)),
      pid_max_(read_pid_max(root_fd_)) {}

ProcProbe::~ProcProbe() {
    if (root_fd_ >= 0) ::close(root_fd_);
}

int64_t ProcProbe::now_ms() {
    timespec real{};
    clock_gettime(CLOCK_REALTIME, &real);
    return static_cast<int64_t>(real.tv_sec) * 1000 + real.tv_nsec / 1'000'000;
}

std::vector<int64_t> ProcProbe::pids() {
    std::vector<int64_t> out;
    DIR* dir = ::opendir(root_.c_str());
    if (!dir) return out;
    while (dirent* entry = ::readdir(dir)) {
        std::string_view name = entry->d_name;
        if (auto pid = number<int64_t>(name); pid && std::to_string(*pid) == name) out.push_back(*pid);
    }
    ::closedir(dir);
    return out;
}

std::optional<uint64_t> ProcProbe::start_ticks(int64_t pid) {
    auto text = read_small(root_fd_, PidPath(pid, "stat").text, 1024);
    if (!text) return std::nullopt;
    auto stat = parse_stat_line(*text);
    if (!stat) return std::nullopt;
    return stat->start_ticks;
}

std::optional<ProcessSnapshot> ProcProbe::read(int64_t pid) {
    auto text = read_small(root_fd_, PidPath(pid, "stat").text, 1024);
    if (!text) return std::nullopt;
    auto stat = parse_stat_line(*text);
    if (!stat) return std::nullopt;
    ProcessSnapshot out;
    out.pid = pid;
    out.ppid = stat->ppid;
    out.start_ticks = stat->start_ticks;
    out.comm = std::move(stat->comm);
    char target[4096];
    ssize_t n = ::readlinkat(root_fd_, PidPath(pid, "exe").text, target, sizeof target);
    if (n > 0) out.executable.emplace(target, static_cast<size_t>(n));
    // The table keeps 1 KiB of arguments; a little more is read so that it can tell it cut them.
    if (auto cmdline = read_small(root_fd_, PidPath(pid, "cmdline").text, 4096)) {
        std::string_view rest = *cmdline;
        while (!rest.empty()) {
            auto end = rest.find('\0');
            out.args.emplace_back(rest.substr(0, end));
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
    }
    if (auto status = read_small(root_fd_, PidPath(pid, "status").text, 4096)) {
        auto at = status->find("\nUid:");
        if (at != std::string::npos) {
            // Uid: real effective saved filesystem
            char* end = nullptr;
            std::strtoul(status->c_str() + at + 5, &end, 10);
            unsigned long euid = std::strtoul(end, &end, 10);
            out.euid = static_cast<uint32_t>(euid);
        }
    }
    // The holder may have changed between the reads: keep the snapshot only if stat still agrees.
    if (start_ticks(pid) != out.start_ticks) return std::nullopt;
    return out;
}

std::optional<std::string> ProcProbe::cgroup(int64_t pid) {
    // Most executions at a busy rate have exited by the time their event is read: for those, one
    // kill(pid, 0) (ESRCH: no such process) costs a tenth of a failed open under /proc, whose path
    // walk allocates and frees a dentry. EPERM means the process is there.
    if (own_pid_namespace_ && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return std::nullopt;
    return read_small(root_fd_, PidPath(pid, "cgroup").text, 8192);
}

int64_t ProcProbe::boot_realtime_ms() {
    timespec real{}, boot{};
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    int64_t real_ms = static_cast<int64_t>(real.tv_sec) * 1000 + real.tv_nsec / 1'000'000;
    int64_t boot_ms = static_cast<int64_t>(boot.tv_sec) * 1000 + boot.tv_nsec / 1'000'000;
    return real_ms - boot_ms;
}

}  // namespace audisp_ima

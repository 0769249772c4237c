// The process stage's view of this host's /proc (enrich/process_probe.h).
#pragma once

#include <string>

#include "enrich/process_probe.h"

namespace audisp_ima {

class ProcProbe final : public ProcessProbe {
public:
    // `root` is opened once, here: reads stay within it, whatever the process can open later.
    explicit ProcProbe(std::string root = "/proc");
    ~ProcProbe() override;
    ProcProbe(const ProcProbe&) = delete;
    ProcProbe& operator=(const ProcProbe&) = delete;

    std::vector<int64_t> pids() override;
    std::optional<ProcessSnapshot> read(int64_t pid) override;
    std::optional<uint64_t> start_ticks(int64_t pid) override;
    uint64_t ticks_per_second() override { return ticks_per_second_; }
    int64_t boot_realtime_ms() override;
    int64_t boot_time_s() override { return boot_time_s_; }
    int64_t now_ms() override;
    int64_t pid_max() override { return pid_max_; }
    std::optional<std::string> cgroup(int64_t pid) override;

private:
    std::string root_;
    int root_fd_;  // -1 when `root` could not be opened: every read answers nullopt
    bool own_pid_namespace_;  // `root` is this process's /proc: kill(pid, 0) asks about the same pids
    uint64_t ticks_per_second_;
    int64_t boot_time_s_;
    int64_t pid_max_;
};

// The fields of a /proc/<pid>/stat line the probe uses: ppid (field 4) and starttime (field 22).
// The command name (field 2) is in parentheses and may hold any byte, ')' and spaces included,
// so the fields are counted from its last ')'.
struct StatLine {
    std::string comm;
    int64_t ppid = 0;
    uint64_t start_ticks = 0;
};
std::optional<StatLine> parse_stat_line(std::string_view line);

}  // namespace audisp_ima

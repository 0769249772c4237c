// What the process stage may ask of the running system's /proc, behind an interface so that the
// stage is tested without it (plugin/proc_probe.h reads the real one). Times are in clock ticks
// since boot, as /proc/<pid>/stat gives them, so that a start time read twice is the same number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audisp_ima {

struct ProcessSnapshot {
    int64_t pid = 0;
    std::optional<int64_t> ppid;
    std::optional<std::string> executable;  // /proc/<pid>/exe; absent for kernel threads, and when
                                            // out of reach (a process holding capabilities we dropped)
    std::optional<std::string> comm;        // field 2 of /proc/<pid>/stat, readable for every process
    std::vector<std::string> args;          // /proc/<pid>/cmdline
    uint64_t start_ticks = 0;               // field 22 of /proc/<pid>/stat
    std::optional<uint32_t> euid;           // second Uid: of /proc/<pid>/status
};

class ProcessProbe {
public:
    virtual ~ProcessProbe() = default;
    virtual std::vector<int64_t> pids() = 0;                        // every process now (seeding)
    virtual std::optional<ProcessSnapshot> read(int64_t pid) = 0;    // nullopt: gone or unreadable
    virtual std::optional<uint64_t> start_ticks(int64_t pid) = 0;    // one small read; nullopt: gone
    virtual uint64_t ticks_per_second() = 0;                         // sysconf(_SC_CLK_TCK)
    // CLOCK_REALTIME at boot in milliseconds, as precisely as the clocks give it now.
    virtual int64_t boot_realtime_ms() = 0;
    // /proc/stat btime (whole seconds): the same for the whole boot, so ids made from it are too.
    virtual int64_t boot_time_s() = 0;
    // CLOCK_REALTIME now, in milliseconds: the clock audit timestamps are taken from. 0 when there
    // is no clock to trust: then no answer /proc gave is reused.
    virtual int64_t now_ms() = 0;
    // /proc/sys/kernel/pid_max: how far the kernel's pid allocator goes before it wraps.
    virtual int64_t pid_max() = 0;
    // /proc/<pid>/cgroup (enrich/container_stage); nullopt: gone, or not asked of this probe.
    virtual std::optional<std::string> cgroup(int64_t) { return std::nullopt; }
};

}  // namespace audisp_ima

// The container stage and the /proc/PID/cgroup texts it reads: each runtime's layout as it names
// its groups (the formats are in enrich/cgroup_info.h), v1, v2 and hybrid hosts, and the stage's
// fall back to the parent's group when the process is gone.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "enrich/cgroup_info.h"
#include "enrich/container_stage.h"
#include "formatters/cef_formatter.h"
#include "formatters/json_formatter.h"
#include "plugin/proc_probe.h"

using namespace audisp_ima;

namespace {

const std::string kId = "4f7c3b1a9e2d8c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";

}  // namespace

TEST_CASE("cgroup: each runtime's layout gives its container id and runtime", "[container]") {
    struct Case {
        std::string text;
        const char* runtime;
    };
    const Case cases[] = {
        {"0::/system.slice/docker-" + kId + ".scope\n", "docker"},
        {"12:pids:/docker/" + kId + "\n1:name=systemd:/docker/" + kId + "\n0::/\n", "docker"},
        {"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c.slice/cri-containerd-" + kId +
             ".scope\n",
         "containerd"},
        {"0::/kubepods.slice/kubepods-pod9f.slice/crio-" + kId + ".scope\n", "cri-o"},
        {"0::/kubepods/burstable/pod1b2c3d4e-aaaa-bbbb-cccc-000011112222/" + kId + "\n", "kubernetes"},
        {"0::/machine.slice/libpod-" + kId + ".scope/container\n", "podman"},
        {"0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + kId + ".scope\n", "podman"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CgroupFacts facts = parse_proc_cgroup(c.text);
        CHECK(facts.container_id == kId);
        CHECK(facts.runtime == c.runtime);
    }
    CHECK(parse_proc_cgroup("0::/system.slice/docker-" + kId + ".scope\n").unit == "docker-" + kId + ".scope");
    // podman's monitor is not the container.
    CHECK_FALSE(parse_proc_cgroup("0::/machine.slice/libpod-conmon-" + kId + ".scope\n").container_id);
    // An id of the wrong length or case is not one.
    CHECK_FALSE(parse_proc_cgroup("0::/docker/" + kId.substr(1) + "\n").container_id);
    CHECK_FALSE(parse_proc_cgroup("0::/docker/ABCDEF" + kId.substr(6) + "\n").container_id);
}

TEST_CASE("cgroup: the systemd unit, on v2, v1 and hybrid hosts", "[container]") {
    // v2 (Debian 12's default): one line.
    CgroupFacts v2 = parse_proc_cgroup("0::/system.slice/nginx.service\n");
    CHECK(v2.path == "/system.slice/nginx.service");
    CHECK(v2.unit == "nginx.service");
    CHECK_FALSE(v2.container_id);
    // A login shell: its session scope.
    CHECK(parse_proc_cgroup("0::/user.slice/user-1000.slice/session-3.scope\n").unit == "session-3.scope");
    // v1: units are named in the name=systemd hierarchy, not in the controllers'.
    CgroupFacts v1 = parse_proc_cgroup("11:memory:/system.slice/cron.service\n1:name=systemd:/system.slice/cron.service\n");
    CHECK(v1.unit == "cron.service");
    // Hybrid: the unified line is "/" while name=systemd holds the unit.
    CgroupFacts hybrid = parse_proc_cgroup("1:name=systemd:/system.slice/ssh.service\n0::/\n");
    CHECK(hybrid.unit == "ssh.service");
    // The root group: no unit.
    CHECK_FALSE(parse_proc_cgroup("0::/\n").unit);
    // Nothing readable: empty path.
    CHECK(parse_proc_cgroup("garbage").path.empty());
}

namespace {

class CgroupProbe final : public ProcessProbe {
public:
    std::map<int64_t, std::string> groups;
    int64_t now = 0;       // 0: no clock, nothing reused
    int64_t max_pid = 32768;
    std::map<int64_t, int> reads;
    std::vector<int64_t> pids() override { return {}; }
    std::optional<ProcessSnapshot> read(int64_t) override { return std::nullopt; }
    std::optional<uint64_t> start_ticks(int64_t) override { return std::nullopt; }
    uint64_t ticks_per_second() override { return 100; }
    int64_t boot_realtime_ms() override { return 0; }
    int64_t boot_time_s() override { return 0; }
    int64_t now_ms() override { return now; }
    int64_t pid_max() override { return max_pid; }
    std::optional<std::string> cgroup(int64_t pid) override {
        ++reads[pid];
        auto it = groups.find(pid);
        return it == groups.end() ? std::nullopt : std::optional(it->second);
    }
};

Event exec_of(int64_t pid, int64_t ppid, std::string node = "", int64_t at_ms = 0) {
    ExecEvent ev;
    ev.key.node = std::move(node);
    ev.key.sec = static_cast<uint64_t>(at_ms / 1000);
    ev.key.msec = static_cast<uint32_t>(at_ms % 1000);
    ev.task.pid = pid;
    ev.task.ppid = ppid;
    return ev;
}

}  // namespace

TEST_CASE("container stage: the process's own group, else its parent's, never another node's", "[container]") {
    CgroupProbe probe;
    probe.groups[10] = "0::/system.slice/docker-" + kId + ".scope\n";
    probe.groups[20] = "0::/system.slice/nginx.service\n";
    ContainerStage stage(&probe, {"vm1"});

    Event own = exec_of(10, 1);
    stage.process(own);
    REQUIRE(std::get<ExecEvent>(own).cgroup);
    CHECK(std::get<ExecEvent>(own).cgroup->container_id == kId);
    CHECK(std::string(std::get<ExecEvent>(own).cgroup->source) == "proc");

    Event gone = exec_of(21, 20, "vm1");  // exited before it was read: the parent's group
    stage.process(gone);
    REQUIRE(std::get<ExecEvent>(gone).cgroup);
    CHECK(std::get<ExecEvent>(gone).cgroup->unit == "nginx.service");
    CHECK(std::string(std::get<ExecEvent>(gone).cgroup->source) == "parent");

    Event remote = exec_of(10, 1, "web1");
    stage.process(remote);
    CHECK_FALSE(std::get<ExecEvent>(remote).cgroup);

    Event unread = exec_of(30, 31);
    stage.process(unread);
    CHECK_FALSE(std::get<ExecEvent>(unread).cgroup);

    std::vector<Counter> counters;
    stage.append_counters(counters);
    CHECK(counters == std::vector<Counter>{{"cgroup_own", 1},
                                           {"cgroup_parent", 1},
                                           {"cgroup_unread", 1},
                                           {"in_container", 1},
                                           {"cgroup_reads_saved", 0}});
}

TEST_CASE("container stage: a parent's group is read once per reuse window, a free pid once for older events",
          "[container]") {
    const int64_t t0 = 1'795'714'800'000;
    CgroupProbe probe;
    probe.max_pid = 4'194'304;  // systemd's: a held pid stays its holder's for 1 s at least
    probe.groups[20] = "0::/system.slice/cron.service\n";
    ContainerStage stage(&probe, {});
    auto unit_of = [&](Event& event) {
        stage.process(event);
        const auto& group = std::get<ExecEvent>(event).cgroup;
        return group && group->unit ? *group->unit : std::string("(none)");
    };

    // Children of pid 20 that exited before they were read: the parent is asked once while the
    // answer must hold, and again once the window has passed.
    probe.now = t0 + 10;
    Event first = exec_of(101, 20, "", t0);
    CHECK(unit_of(first) == "cron.service");
    probe.now = t0 + 900;
    probe.groups[20] = "0::/system.slice/moved.service\n";  // a read now would see this
    Event second = exec_of(102, 20, "", t0 + 800);
    CHECK(unit_of(second) == "cron.service");
    CHECK(probe.reads[20] == 1);
    probe.now = t0 + 1011;
    Event third = exec_of(103, 20, "", t0 + 1000);
    CHECK(unit_of(third) == "moved.service");
    CHECK(probe.reads[20] == 2);
    // Each child's own pid is asked every time: none of them had been seen.
    CHECK(probe.reads[101] == 1);
    CHECK(probe.reads[103] == 1);

    // Pid 30 free when asked: no event older than that answer is given a group for it, unread;
    // an event after the answer asks again, and finds the new holder.
    probe.now = t0 + 2000;
    Event orphan = exec_of(201, 30, "", t0 + 1500);
    CHECK(unit_of(orphan) == "(none)");
    Event older = exec_of(202, 30, "", t0 + 1600);
    CHECK(unit_of(older) == "(none)");
    CHECK(probe.reads[30] == 1);
    probe.groups[30] = "0::/system.slice/new.service\n";
    probe.now = t0 + 2500;
    Event newer = exec_of(203, 30, "", t0 + 2400);
    CHECK(unit_of(newer) == "new.service");
    CHECK(probe.reads[30] == 2);

    // A process's own group is never taken from an earlier answer: runc moves its child into the
    // container's group between the child's two execs.
    probe.groups[40] = "0::/system.slice/runc.service\n";
    probe.now = t0 + 3000;
    Event runc_init = exec_of(40, 1, "", t0 + 2990);
    CHECK(unit_of(runc_init) == "runc.service");
    probe.groups[40] = "0::/system.slice/docker-" + kId + ".scope\n";
    probe.now = t0 + 3010;
    Event entrypoint = exec_of(40, 1, "", t0 + 3005);
    stage.process(entrypoint);
    REQUIRE(std::get<ExecEvent>(entrypoint).cgroup);
    CHECK(std::get<ExecEvent>(entrypoint).cgroup->container_id == kId);
    // ... but it answers for the process as a parent.
    probe.groups.erase(40);
    Event child = exec_of(41, 40, "", t0 + 3008);
    stage.process(child);
    REQUIRE(std::get<ExecEvent>(child).cgroup);
    CHECK(std::string(std::get<ExecEvent>(child).cgroup->source) == "parent");
    CHECK(std::get<ExecEvent>(child).cgroup->container_id == kId);
    CHECK(probe.reads[40] == 2);

    std::vector<Counter> counters;
    stage.append_counters(counters);
    CHECK(counters.back() == Counter{"cgroup_reads_saved", 3});
}

TEST_CASE("container stage: without a clock, or with the kernel's default pid_max, every answer is read afresh",
          "[container]") {
    const int64_t t0 = 1'795'714'800'000;
    CgroupProbe probe;
    probe.groups[20] = "0::/system.slice/cron.service\n";
    SECTION("no clock") {
        ContainerStage stage(&probe, {});
        for (int i = 0; i < 3; ++i) {
            Event event = exec_of(101 + i, 20, "", t0);
            stage.process(event);
        }
        CHECK(probe.reads[20] == 3);
    }
    SECTION("pid_max 32768: a held pid is only sure for 16 ms") {
        probe.now = t0 + 10;
        ContainerStage stage(&probe, {});
        Event a = exec_of(101, 20, "", t0);
        stage.process(a);
        probe.now = t0 + 20;
        Event b = exec_of(102, 20, "", t0 + 5);
        stage.process(b);
        probe.now = t0 + 40;
        Event c = exec_of(103, 20, "", t0 + 30);
        stage.process(c);
        CHECK(probe.reads[20] == 2);
    }
}

TEST_CASE("container stage: this test process's group as /proc shows it", "[container]") {
    ProcProbe probe;
    auto text = probe.cgroup(getpid());
    REQUIRE(text);
    CgroupFacts facts = parse_proc_cgroup(*text);
    CHECK_FALSE(facts.path.empty());
    CHECK(facts.path.front() == '/');
    // A process that has exited and been reaped has no group to read.
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(0);
    REQUIRE(waitpid(child, nullptr, 0) == child);
    CHECK_FALSE(probe.cgroup(child));
    // Pid 1 is there (signal 0 may be refused to a process that is not root: it is still asked).
    CHECK(probe.cgroup(1));
}

TEST_CASE("container stage: a process end gets its group as an execution does, and both formats carry it",
          "[container]") {
    CgroupProbe probe;
    probe.groups[20] = "0::/system.slice/docker-" + kId + ".scope\n";
    ContainerStage stage(&probe, {});
    ProcessEndEvent end;
    end.key.sec = 1700000103;
    end.key.serial = 9;
    end.task.pid = 21;  // reaped by the time the event is read: its parent's group
    end.task.ppid = 20;
    end.exit_code = 0;
    Event event = end;
    stage.process(event);
    const auto& group = std::get<ProcessEndEvent>(event).cgroup;
    REQUIRE(group);
    CHECK(std::string(group->source) == "parent");
    CHECK(group->unit == "docker-" + kId + ".scope");

    auto json = nlohmann::json::parse(JsonFormatter(FormatterOptions{"vm1"}).format(event));
    CHECK(json["container"]["id"] == kId);
    CHECK(json["container"]["runtime"] == "docker");
    CHECK(json["audisp_ima"]["cgroup"] == "/system.slice/docker-" + kId + ".scope");
    CHECK(json["audisp_ima"]["cgroup_source"] == "parent");
    std::string cef = CefFormatter(FormatterOptions{"vm1"}).format(event);
    CHECK(cef.find(" audispImaContainerId=" + kId) != std::string::npos);

    std::vector<Counter> counters;
    stage.append_counters(counters);
    CHECK(counters[1] == Counter{"cgroup_parent", 1});
    CHECK(counters[3] == Counter{"in_container", 1});
}

// The container stage and the /proc/PID/cgroup texts it reads: each runtime's layout as it names
// its groups (the formats are in enrich/cgroup_info.h), v1, v2 and hybrid hosts, and the stage's
// fall back to the parent's group when the process is gone.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <map>
#include <string>

#include "enrich/cgroup_info.h"
#include "enrich/container_stage.h"
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
    std::vector<int64_t> pids() override { return {}; }
    std::optional<ProcessSnapshot> read(int64_t) override { return std::nullopt; }
    std::optional<uint64_t> start_ticks(int64_t) override { return std::nullopt; }
    uint64_t ticks_per_second() override { return 100; }
    int64_t boot_realtime_ms() override { return 0; }
    int64_t boot_time_s() override { return 0; }
    int64_t now_ms() override { return 0; }
    int64_t pid_max() override { return 32768; }
    std::optional<std::string> cgroup(int64_t pid) override {
        auto it = groups.find(pid);
        return it == groups.end() ? std::nullopt : std::optional(it->second);
    }
};

Event exec_of(int64_t pid, int64_t ppid, std::string node = "") {
    ExecEvent ev;
    ev.key.node = std::move(node);
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
    CHECK(counters == std::vector<Counter>{{"cgroup_own", 1}, {"cgroup_parent", 1}, {"cgroup_unread", 1}, {"in_container", 1}});
}

TEST_CASE("container stage: this test process's group as /proc shows it", "[container]") {
    ProcProbe probe;
    auto text = probe.cgroup(getpid());
    REQUIRE(text);
    CgroupFacts facts = parse_proc_cgroup(*text);
    CHECK_FALSE(facts.path.empty());
    CHECK(facts.path.front() == '/');
}

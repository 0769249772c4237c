// The process table and the process stage: lineage from the executions the stream shows and from
// /proc (a test double here, with the times a real kernel would give), under pid reuse, in-place
// exec, re-parenting to init, double forks, seeding and eviction; then the JSON fields it feeds,
// and the real /proc reader against what this test process knows of itself.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "enrich/process_stage.h"
#include "formatters/json_formatter.h"
#include "plugin/pipeline.h"
#include "plugin/proc_probe.h"
#include "tests/support/corpus_files.h"

using namespace audisp_ima;
using nlohmann::json;

namespace {

// Boot at 1,700,000,000.250 s realtime; btime (whole seconds) 1,700,000,000; 100 ticks a second.
constexpr int64_t kBootMs = 1'700'000'000'250;
constexpr int64_t kBtime = 1'700'000'000;
const std::string kOrigin = "3d1219c7c4c5404aaa1f6d2a48adfda4";

uint64_t ticks_at(int64_t realtime_ms) { return static_cast<uint64_t>((realtime_ms - kBootMs) / 10); }

class FakeProbe final : public ProcessProbe {
public:
    std::map<int64_t, ProcessSnapshot> live;
    int calls = 0;

    // A process as /proc shows it; `exe` "" when /proc/PID/exe is out of reach. comm is the
    // image's name, as exec sets it, unless given.
    void run(int64_t pid, int64_t ppid, std::string exe, std::vector<std::string> args, int64_t started_ms,
             uint32_t euid = 0, std::string comm = "") {
        ProcessSnapshot s;
        s.pid = pid;
        s.ppid = ppid;
        if (comm.empty()) comm = exe.substr(exe.rfind('/') + 1).substr(0, 15);
        if (!exe.empty()) s.executable = std::move(exe);
        s.comm = std::move(comm);
        s.args = std::move(args);
        s.start_ticks = ticks_at(started_ms);
        s.euid = euid;
        live[pid] = std::move(s);
    }
    std::vector<int64_t> pids() override {
        ++calls;
        std::vector<int64_t> out;
        for (const auto& [pid, _] : live) out.push_back(pid);
        return out;
    }
    std::optional<ProcessSnapshot> read(int64_t pid) override {
        ++calls;
        auto it = live.find(pid);
        return it == live.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<uint64_t> start_ticks(int64_t pid) override {
        ++calls;
        auto it = live.find(pid);
        return it == live.end() ? std::nullopt : std::optional(it->second.start_ticks);
    }
    uint64_t ticks_per_second() override { return 100; }
    int64_t boot_realtime_ms() override { return kBootMs; }
    int64_t boot_time_s() override { return kBtime; }
    int64_t now_ms() override { return now; }
    int64_t pid_max() override { return max_pid; }
    int64_t now = 0;            // 0: no clock, so every answer is asked for again
    int64_t max_pid = 4194304;  // systemd's default on 64-bit hosts
};

// A successful execve by `pid` under `ppid` at `ms` (realtime), audit serial `serial`, its event
// id set as the event id stage would (origin-ms-serial).
Event exec(int64_t pid, int64_t ppid, int64_t ms, uint64_t serial, std::string exe, std::vector<std::string> args,
           std::optional<std::string> previous = std::nullopt, bool ok = true, std::string node = "") {
    ExecEvent ev;
    ev.key = EventKey{node, static_cast<uint64_t>(ms / 1000), static_cast<uint32_t>(ms % 1000), serial};
    SyscallRecord sc;
    sc.name = "execve";
    sc.success = ok;
    sc.task.pid = pid;
    sc.task.ppid = ppid;
    sc.task.uid = sc.task.euid = 0;
    ev.syscall = sc;
    ev.task = sc.task;
    ev.executable = std::move(exe);
    ev.args = std::move(args);
    ev.previous_executable = std::move(previous);
    ev.context.id = kOrigin + "-" + std::to_string(ms) + "-" + std::to_string(serial);
    return ev;
}

const Lineage& lineage_of(const Event& event) { return std::get<ExecEvent>(event).lineage; }

uint64_t counter(const ProcessStage& stage, const std::string& name) {
    std::vector<Counter> counters;
    stage.append_counters(counters);
    for (const auto& [key, value] : counters)
        if (key == name) return value;
    FAIL("no counter " << name);
    return 0;
}

constexpr int64_t t0 = 1'700'000'100'000;  // 100 s after boot

ProcessEntry entry_of(int64_t pid, std::string entity_id = "") {
    ProcessEntry entry;
    entry.pid = pid;
    entry.entity_id = std::move(entity_id);
    return entry;
}

}  // namespace

TEST_CASE("process table: put replaces, least recently used leaves first, arguments are capped", "[process]") {
    ProcessTable table(2);
    table.put("", entry_of(1, "a"));
    table.put("", entry_of(2, "b"));
    REQUIRE(table.find("", 1));  // 1 is now the most recent: 2 leaves next
    table.put("", entry_of(3, "c"));
    CHECK_FALSE(table.find("", 2));
    CHECK(table.find("", 1)->entity_id == "a");
    CHECK(table.evictions() == 1);
    table.put("", entry_of(1, "a2"));  // the same pid again: replaced
    CHECK(table.size() == 2);
    CHECK(table.find("", 1)->entity_id == "a2");
    // The same pid on another node is another process.
    CHECK_FALSE(table.find("web1", 1));

    ProcessTable big(4);
    ProcessEntry entry = entry_of(9);
    for (int i = 0; i < 100; ++i) entry.args.push_back(std::string(50, 'x'));  // 5,100 bytes
    big.put("", entry);
    auto kept = big.find("", 9);
    REQUIRE(kept);
    CHECK(kept->args.size() == ProcessTable::kMaxArgBytes / 51);  // whole arguments within 1 KiB
    CHECK(big.args_cut() == 1);
    big.forget("", 9);
    CHECK_FALSE(big.find("", 9));
}

TEST_CASE("process table: an entry comes back as it was put, every field and odd byte kept", "[process]") {
    ProcessTable table(4);
    ProcessEntry full;
    full.pid = 4242;
    full.ppid = 1;
    full.entity_id = kOrigin + "-1700000100000-77";
    full.origin = ProcessOrigin::fork;
    full.executable = "/tmp/a b/\xff\n\"x\"";
    full.executable->push_back('\0');  // whatever bytes a decoded name holds
    full.executable->append(200, 'p');   // a length over 127: two bytes of length
    full.comm = "";                      // present but empty is not absent
    full.args = {"", "-c", std::string(300, 'a'), std::string("nul\0in", 6)};
    full.start_ms = 1'700'000'100'000;
    full.euid = 0;  // root: present, and zero
    full.user_name = "root";
    full.held_at_ms = 1'700'000'100'010;
    table.put("", full);
    auto back = table.find("", 4242);
    REQUIRE(back);
    CHECK(back->pid == full.pid);
    CHECK(back->ppid == full.ppid);
    CHECK(back->entity_id == full.entity_id);
    CHECK(back->origin == full.origin);
    CHECK(back->executable == full.executable);
    CHECK(back->comm == full.comm);
    CHECK(back->args == full.args);
    CHECK(back->start_ms == full.start_ms);
    CHECK(back->euid == full.euid);
    CHECK(back->user_name == full.user_name);
    CHECK(back->held_at_ms == full.held_at_ms);

    ProcessEntry bare = entry_of(7);  // nothing but a pid and an empty id
    table.put("web1", bare);
    auto none = table.find("web1", 7);
    REQUIRE(none);
    CHECK_FALSE(none->ppid);
    CHECK_FALSE(none->executable);
    CHECK_FALSE(none->comm);
    CHECK(none->args.empty());
    CHECK_FALSE(none->start_ms);
    CHECK_FALSE(none->euid);
    CHECK_FALSE(none->user_name);
    CHECK_FALSE(none->held_at_ms);
    CHECK(table.contains("web1", 7));
    CHECK_FALSE(table.contains("", 7));
    table.mark_held("web1", 7, 5);
    CHECK(table.find("web1", 7)->held_at_ms == 5);
}

TEST_CASE("process stage: a child's parent is the execution that last ran in its ppid", "[process]") {
    ProcessStage stage({}, nullptr, {}, kOrigin);
    Event nginx = exec(100, 1, t0, 10, "/usr/sbin/nginx", {"nginx", "-g", "daemon off;"});
    stage.process(nginx);
    CHECK(lineage_of(nginx).entity_id == kOrigin + "-" + std::to_string(t0) + "-10");
    CHECK(lineage_of(nginx).start_ms == static_cast<uint64_t>(t0));
    CHECK_FALSE(lineage_of(nginx).parent);  // init never exec'd in the stream, no /proc to ask

    Event cgi = exec(101, 100, t0 + 500, 11, "/usr/bin/dash", {"sh", "-c", "id"}, "/usr/sbin/nginx");
    stage.process(cgi);
    const auto& parent = lineage_of(cgi).parent;
    REQUIRE(parent);
    CHECK(parent->pid == 100);
    CHECK(parent->entity_id == lineage_of(nginx).entity_id);
    CHECK(parent->executable == "/usr/sbin/nginx");
    CHECK(parent->args == std::vector<std::string>{"nginx", "-g", "daemon off;"});
    CHECK(parent->origin == ProcessOrigin::exec);
    CHECK(parent->start_ms == static_cast<uint64_t>(t0));
    CHECK_FALSE(lineage_of(cgi).replaced_executable);  // a new process (IMA: it ran nginx's image)
    CHECK(counter(stage, "parent_from_exec") == 1);
    CHECK(counter(stage, "parent_unknown") == 1);
}

TEST_CASE("process stage: sh -c 'exec whoami' under nginx keeps nginx as parent and records the shell it replaced",
          "[process]") {
    for (bool with_proc : {false, true}) {
        INFO((with_proc ? "with /proc" : "from the stream alone"));
        FakeProbe probe;
        probe.run(100, 1, "/usr/sbin/nginx", {"nginx"}, t0 - 5000);
        probe.run(101, 100, "/usr/bin/whoami", {"whoami"}, t0 + 400);  // forked at +400, exec'd twice since
        ProcessStage stage({}, with_proc ? &probe : nullptr, {}, kOrigin);
        Event nginx = exec(100, 1, t0, 10, "/usr/sbin/nginx", {"nginx"});
        Event sh = exec(101, 100, t0 + 500, 11, "/usr/bin/dash", {"sh", "-c", "exec whoami"}, "/usr/sbin/nginx");
        Event whoami = exec(101, 100, t0 + 502, 12, "/usr/bin/whoami", {"whoami"}, "/usr/bin/dash");
        for (Event* e : {&nginx, &sh, &whoami}) stage.process(*e);
        const Lineage& l = lineage_of(whoami);
        REQUIRE(l.parent);
        CHECK(l.parent->executable == "/usr/sbin/nginx");
        CHECK(l.parent->entity_id == lineage_of(nginx).entity_id);
        CHECK(l.replaced_executable == "/usr/bin/dash");
        CHECK(l.replaced_entity_id == lineage_of(sh).entity_id);
        CHECK(l.entity_id != lineage_of(sh).entity_id);  // one entity id per image
        CHECK(counter(stage, "exec_in_place") == 1);
    }
}

TEST_CASE("process stage: a reused pid is not its old holder", "[process]") {
    FakeProbe probe;
    ProcessStage stage({}, &probe, {}, kOrigin);
    // 700 ran /usr/bin/backup and exited; the pid came round again to a bash subshell forked at
    // +60 s, which never exec'd and now starts /usr/bin/tar.
    probe.run(700, 600, "/usr/bin/backup", {"backup"}, t0 - 10);
    Event backup = exec(700, 600, t0, 20, "/usr/bin/backup", {"backup"});
    stage.process(backup);
    probe.live.erase(700);
    probe.run(700, 650, "/usr/bin/bash", {"bash"}, t0 + 60'000);
    Event tar = exec(701, 700, t0 + 60'100, 21, "/usr/bin/tar", {"tar", "cf", "x.tar"}, "/usr/bin/bash");
    stage.process(tar);
    const auto& parent = lineage_of(tar).parent;
    REQUIRE(parent);
    CHECK(parent->executable == "/usr/bin/bash");  // not backup
    CHECK(parent->origin == ProcessOrigin::proc);
    // Its start: 159.75 s after boot in ticks, counted from btime (whole seconds) for the id.
    CHECK(parent->entity_id == kOrigin + "-" + std::to_string(kBtime * 1000 + 159'750) + "-p700");
    CHECK(counter(stage, "process_stale") == 1);
    CHECK(counter(stage, "parent_from_proc") == 1);

    // Without /proc (another node's events), the stream alone cannot tell: the same pid exec'ing
    // under another parent replaces the old entry, and that is all it can do.
    ProcessStage blind({}, nullptr, {}, kOrigin);
    Event old = exec(700, 600, t0, 20, "/usr/bin/backup", {"backup"}, std::nullopt, true, "web1");
    Event reused = exec(700, 650, t0 + 60'000, 22, "/usr/bin/make", {"make"}, "/usr/bin/bash", true, "web1");
    Event child = exec(701, 700, t0 + 60'100, 23, "/usr/bin/cc", {"cc"}, "/usr/bin/make", true, "web1");
    for (Event* e : {&old, &reused, &child}) blind.process(*e);
    REQUIRE(lineage_of(child).parent);
    CHECK(lineage_of(child).parent->executable == "/usr/bin/make");
    CHECK_FALSE(lineage_of(reused).replaced_executable);  // another parent, another image: not in place
}

TEST_CASE("process stage: an orphan re-parented to init, and a daemon's double fork", "[process]") {
    FakeProbe probe;
    probe.run(1, 0, "/usr/lib/systemd/systemd", {"/sbin/init"}, kBootMs + 10);
    probe.run(40, 1, "/usr/sbin/mydaemon", {"mydaemon"}, t0 - 100);
    ProcessStage stage({}, &probe, {"vm1"}, kOrigin);
    stage.seed();
    CHECK(counter(stage, "processes_seeded") == 2);

    // mydaemon (40) forks 41, which forks 42 and exits: 42 now has ppid 1, and execs a helper.
    probe.run(42, 1, "/usr/sbin/mydaemon", {"mydaemon"}, t0 + 1000);
    Event helper = exec(42, 1, t0 + 1200, 30, "/usr/libexec/helper", {"helper"}, "/usr/sbin/mydaemon", true, "vm1");
    stage.process(helper);
    REQUIRE(lineage_of(helper).parent);
    CHECK(lineage_of(helper).parent->executable == "/usr/lib/systemd/systemd");
    CHECK(lineage_of(helper).parent->origin == ProcessOrigin::seeded);
    CHECK(lineage_of(helper).parent->entity_id == kOrigin + "-" + std::to_string(kBtime * 1000 + 10) + "-p1");

    // The same double fork caught before 41 exits: 41 never exec'd, so /proc gives it, running
    // its parent's image.
    probe.run(41, 40, "/usr/sbin/mydaemon", {"mydaemon"}, t0 + 2000);
    probe.run(43, 41, "/usr/sbin/mydaemon", {"mydaemon"}, t0 + 2010);
    Event second = exec(43, 41, t0 + 2020, 31, "/usr/libexec/helper", {"helper"}, "/usr/sbin/mydaemon", true, "vm1");
    stage.process(second);
    REQUIRE(lineage_of(second).parent);
    CHECK(lineage_of(second).parent->origin == ProcessOrigin::proc);
    CHECK(lineage_of(second).parent->executable == "/usr/sbin/mydaemon");

    // An orphan that execs again after re-parenting is the same process (its holder began before
    // its first exec): in place, parent init.
    probe.run(44, 40, "/usr/bin/worker", {"worker"}, t0 + 3000);
    Event first = exec(44, 40, t0 + 3005, 32, "/usr/bin/worker", {"worker"}, "/usr/sbin/mydaemon", true, "vm1");
    Event again = exec(44, 1, t0 + 9000, 33, "/usr/bin/worker2", {"worker2"}, "/usr/bin/worker", true, "vm1");
    stage.process(first);
    stage.process(again);
    CHECK(lineage_of(again).replaced_executable == "/usr/bin/worker");
    REQUIRE(lineage_of(again).parent);
    CHECK(lineage_of(again).parent->pid == 1);
}

TEST_CASE("process stage: /proc never answers for a process younger than the event, nor for another node", "[process]") {
    FakeProbe probe;
    ProcessStage stage({}, &probe, {}, kOrigin);
    probe.run(50, 1, "/usr/bin/late", {"late"}, t0 + 10'000);  // holds 50 now, began after the event
    Event old = exec(51, 50, t0, 40, "/usr/bin/ls", {"ls"});
    stage.process(old);
    CHECK_FALSE(lineage_of(old).parent);
    CHECK(counter(stage, "parent_unknown") == 1);

    probe.calls = 0;
    Event remote = exec(61, 60, t0, 41, "/usr/bin/ls", {"ls"}, std::nullopt, true, "web1");
    stage.process(remote);
    CHECK(probe.calls == 0);
    CHECK_FALSE(lineage_of(remote).parent);

    // A seeded process that began after an event (a backlog read late) is not that event's parent.
    FakeProbe later;
    later.run(70, 1, "/usr/bin/newer", {"newer"}, t0 + 5000);
    ProcessStage seeded({}, &later, {}, kOrigin);
    seeded.seed();
    Event before = exec(71, 70, t0, 42, "/usr/bin/ls", {"ls"});
    seeded.process(before);
    CHECK_FALSE(lineage_of(before).parent);
}

TEST_CASE("process stage: a failed exec keeps the image it had and changes nothing", "[process]") {
    ProcessStage stage({}, nullptr, {}, kOrigin);
    Event sh = exec(80, 1, t0, 50, "/usr/bin/dash", {"sh"});
    Event failed = exec(80, 1, t0 + 10, 51, "/tmp/payload", {"/tmp/payload"}, "/usr/bin/dash", false);
    Event child = exec(81, 80, t0 + 20, 52, "/usr/bin/id", {"id"}, "/usr/bin/dash");
    for (Event* e : {&sh, &failed, &child}) stage.process(*e);
    CHECK(lineage_of(failed).entity_id == lineage_of(sh).entity_id);
    CHECK_FALSE(lineage_of(failed).replaced_executable);
    REQUIRE(lineage_of(child).parent);
    CHECK(lineage_of(child).parent->executable == "/usr/bin/dash");
}

TEST_CASE("process stage: the table is bounded", "[process]") {
    ProcessStageOptions one;
    one.capacity = 1;
    ProcessStage stage(one, nullptr, {}, kOrigin);
    Event a = exec(90, 1, t0, 60, "/usr/bin/a", {"a"});
    Event b = exec(91, 1, t0 + 1, 61, "/usr/bin/b", {"b"});
    Event child = exec(92, 90, t0 + 2, 62, "/usr/bin/c", {"c"});
    for (Event* e : {&a, &b, &child}) stage.process(*e);
    CHECK_FALSE(lineage_of(child).parent);  // 90 left when 91 came
    CHECK(counter(stage, "process_evicted") >= 1);
    CHECK(stage.table().size() == 1);
}

TEST_CASE("process stage: JSON carries entity ids, start times and the parent", "[process][json]") {
    ProcessStage stage({}, nullptr, {}, kOrigin);
    Event nginx = exec(100, 1, t0, 10, "/usr/sbin/nginx", {"nginx", "-g", "daemon off;"});
    Event sh = exec(101, 100, t0 + 500, 11, "/usr/bin/dash", {"sh", "-c", "exec whoami"}, "/usr/sbin/nginx");
    Event whoami = exec(101, 100, t0 + 502, 12, "/usr/bin/whoami", {"whoami"});  // no IMA record: no pre-exec image
    for (Event* e : {&nginx, &sh, &whoami}) stage.process(*e);
    JsonFormatter formatter({});
    json doc = json::parse(formatter.format(whoami, Shortening{}));
    const json& p = doc["process"];
    CHECK(p["entity_id"] == kOrigin + "-" + std::to_string(t0 + 502) + "-12");
    CHECK(p["start"] == "2023-11-14T22:15:00.502Z");  // 1,700,000,100.502 s
    CHECK(p["parent"]["pid"] == 100);
    CHECK(p["parent"]["entity_id"] == kOrigin + "-" + std::to_string(t0) + "-10");
    CHECK(p["parent"]["executable"] == "/usr/sbin/nginx");
    CHECK(p["parent"]["name"] == "nginx");
    CHECK(p["parent"]["args"] == json::array({"nginx", "-g", "daemon off;"}));
    CHECK(p["parent"]["args_count"] == 3);
    CHECK(p["parent"]["command_line"] == "nginx -g daemon off;");  // joined by spaces, as process.command_line
    CHECK(p["parent"]["start"] == "2023-11-14T22:15:00.000Z");
    CHECK(p["parent"]["user"]["id"] == "0");
    CHECK(p["previous"]["executable"] == "/usr/bin/dash");  // from the table: the image replaced
    CHECK(doc["audisp_ima"]["parent_source"] == "exec");
    CHECK(doc["audisp_ima"]["replaced_entity_id"] == kOrigin + "-" + std::to_string(t0 + 500) + "-11");
}

TEST_CASE("proc probe: a stat line's fields counted from the name's last parenthesis", "[process]") {
    // comm may hold ") (" and spaces: the fields are counted from its last ')'.
    auto stat = parse_stat_line("4242 (a) b (c) S 17 4242 4242 0 -1 4194560 98 0 0 0 0 0 0 0 20 0 1 0 "
                                "123456 2400000 200 18446744073709551615\n");
    REQUIRE(stat);
    CHECK(stat->comm == "a) b (c");
    CHECK(stat->ppid == 17);
    CHECK(stat->start_ticks == 123456);
    CHECK_FALSE(parse_stat_line("4242 (cut) S 17 4242"));
    CHECK_FALSE(parse_stat_line("no parenthesis"));
    CHECK_FALSE(parse_stat_line("1 (x) S notanumber 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5"));
}

TEST_CASE("proc probe: this test process as /proc shows it", "[process]") {
    ProcProbe probe;
    auto self = probe.read(getpid());
    REQUIRE(self);
    CHECK(self->ppid == getppid());
    CHECK(self->euid == geteuid());
    CHECK(self->comm == "unit_tests");
    REQUIRE(self->executable);
    CHECK(self->executable->ends_with("/unit_tests"));
    REQUIRE_FALSE(self->args.empty());
    CHECK(self->args[0].ends_with("unit_tests"));
    CHECK(probe.start_ticks(getpid()) == self->start_ticks);
    auto pids = probe.pids();
    CHECK(std::find(pids.begin(), pids.end(), getpid()) != pids.end());
    CHECK(std::find(pids.begin(), pids.end(), int64_t{1}) != pids.end());
    // btime is the boot time cut to whole seconds; the clocks give it to the millisecond.
    int64_t precise = probe.boot_realtime_ms();
    CHECK(precise >= probe.boot_time_s() * 1000 - 1000);
    CHECK(precise <= probe.boot_time_s() * 1000 + 2000);
    // This process began after boot and before now.
    int64_t started = precise + static_cast<int64_t>(self->start_ticks * 1000 / probe.ticks_per_second());
    CHECK(started <= time(nullptr) * 1000 + 1000);
    CHECK_FALSE(probe.read(-5));
}

TEST_CASE("process stage: LAUREL's apt-get run, every method's parent is the apt-get execution", "[process][corpus]") {
    // tree/00..16: one apt-get update (pid 722676) and the 16 programs it started (ppid 722676).
    // Each message naming an earlier message's pid as its ppid must carry that message's image
    // and command line as its parent's, and its event id as the parent's entity id.
    std::vector<json> messages;
    Pipeline pipeline(make_formatter("json", {}), [&](std::string&& m) { messages.push_back(json::parse(m)); },
                      [](const std::string&) {});
    for (int i = 0; i <= 16; ++i) {
        char name[16];
        snprintf(name, sizeof name, "/%02d.txt", i);
        pipeline.feed(test::read_corpus_file(test::kCorpusDir + "/laurel/tree" + name));
    }
    pipeline.flush();
    REQUIRE(messages.size() == 17);
    std::map<int64_t, const json*> by_pid;
    int children = 0;
    for (const json& m : messages) {
        const json& p = m["process"];
        INFO(m.dump());
        CHECK(p["entity_id"] == m["event"]["id"]);
        auto earlier = by_pid.find(p["parent"]["pid"].get<int64_t>());
        if (earlier != by_pid.end()) {
            const json& parent = (*earlier->second)["process"];
            CHECK(p["parent"]["executable"] == parent["executable"]);
            CHECK(p["parent"]["args"] == parent["args"]);
            CHECK(p["parent"]["command_line"] == parent["command_line"]);
            CHECK(p["parent"]["entity_id"] == (*earlier->second)["event"]["id"]);
            CHECK(p["parent"]["start"] == (*earlier->second)["@timestamp"]);
            CHECK(m["audisp_ima"]["parent_source"] == "exec");
            ++children;
        } else {
            CHECK_FALSE(p["parent"].contains("entity_id"));
        }
        by_pid[p["pid"].get<int64_t>()] = &m;
    }
    CHECK(children == 16);
    CHECK(messages[0]["process"]["executable"] == "/usr/bin/apt-get");
}

TEST_CASE("process stage: a restart within the boot keeps the entity ids executions gave", "[process][state]") {
    FakeProbe probe;
    probe.run(1, 0, "/usr/lib/systemd/systemd", {"/sbin/init"}, kBootMs + 10);
    probe.run(100, 1, "/usr/sbin/nginx", {"nginx"}, t0 - 20);
    probe.run(200, 1, "/usr/bin/sleep", {"sleep", "1"}, t0 - 20);
    ProcessStage before({}, &probe, {}, kOrigin);
    before.seed();
    Event nginx = exec(100, 1, t0, 10, "/usr/sbin/nginx", {"nginx", "", "a b\n\xff"});
    Event sleeper = exec(200, 1, t0, 11, "/usr/bin/sleep", {"sleep", "1"});
    before.process(nginx);
    before.process(sleeper);
    probe.live.erase(200);  // sleep exited before the restart: not saved

    const std::string text = serialize_process_state(before.state("boot-1"));
    ProcessState loaded = parse_process_state(text);
    CHECK(loaded.boot_id == "boot-1");
    CHECK(loaded.entries.size() == 2);  // init (seeded) and nginx (exec); not sleep
    ProcessStage after({}, &probe, {}, kOrigin);
    after.restore(loaded);
    after.seed();
    CHECK(counter(after, "processes_restored") == 2);
    CHECK(counter(after, "processes_seeded") == 0);  // both pids were restored, nothing else runs

    Event child = exec(101, 100, t0 + 90'000, 500, "/usr/bin/dash", {"sh"}, "/usr/sbin/nginx");
    after.process(child);
    const auto& parent = lineage_of(child).parent;
    REQUIRE(parent);
    CHECK(parent->entity_id == lineage_of(nginx).entity_id);  // not a seeded id
    CHECK(parent->origin == ProcessOrigin::exec);
    CHECK(parent->args == std::vector<std::string>{"nginx", "", "a b\n\xff"});  // every byte back

    // The pid held by another process by the time of the restart: not restored.
    probe.run(100, 1, "/usr/bin/other", {"other"}, t0 + 95'000);
    ProcessStage later({}, &probe, {}, kOrigin);
    later.restore(loaded);
    CHECK(counter(later, "processes_restored") == 1);  // init only
}

TEST_CASE("process state: what it refuses, naming the line", "[process][state]") {
    CHECK_THROWS_WITH(parse_process_state(""), "empty file");
    CHECK_THROWS_WITH(parse_process_state("audisp-ima-hashes 1\n"), "line 1: not an audisp-ima process state file");
    const std::string head = "audisp-ima-processes 1\nboot b\n";
    CHECK_THROWS_WITH(parse_process_state(head + "p 1 - 5 0 exec 6162 - 1:61 - -\np x\n"), "line 4: unexpected line");
    CHECK_THROWS_WITH(parse_process_state(head + "p 1 - 5 0 exec 6162 - 3:61,62 - -\n"),
                      "line 3: fewer arguments than counted");
    CHECK_THROWS_WITH(parse_process_state(head + "p 1 - 5 0 exec 6162 - 1:61,62 - -\n"),
                      "line 3: more arguments than counted");
    CHECK_THROWS_WITH(parse_process_state(head + "p 1 - 5 0 forked 6162 - 0: - -\n"), "line 3: unknown origin 'forked'");
    CHECK_THROWS_WITH(parse_process_state(head + "p 1 - 5 0 exec zz - 0: - -\n"), "line 3: bad hex");
    CHECK_THROWS_WITH(parse_process_state(head + "p -x - 5 0 exec 6162 - 0: - -\n"), "line 3: bad number '-x'");
    // Found by fuzz_state: without a boot line the state matched no boot and wrote back "boot ".
    CHECK_THROWS_WITH(parse_process_state("audisp-ima-processes 1\np 1 - 5 0 exec 6162 - 0: - -\n"), "no boot line");
    auto ok = parse_process_state(head + "p 7 1 5 - seeded 6162 2f62696e2f7368 1: - 7368\n");
    REQUIRE(ok.entries.size() == 1);
    CHECK(ok.entries[0].args == std::vector<std::string>{""});
    CHECK(ok.entries[0].executable == "/bin/sh");
    CHECK_FALSE(ok.entries[0].euid);
    CHECK(ok.entries[0].comm == "sh");
}

TEST_CASE("process stage: a fork that never exec'd runs its parent's image, when /proc hides it", "[process]") {
    // After the privilege drop /proc/PID/exe of a root process holding capabilities is out of
    // reach: the worker sshd forked shows no image, only its name and arguments, which are its
    // parent's.
    FakeProbe probe;
    probe.run(500, 1, "/usr/sbin/sshd", {"sshd: /usr/sbin/sshd -D [listener]"}, t0 - 60'000);
    ProcessStage stage({}, &probe, {}, kOrigin);
    stage.seed();
    probe.run(501, 500, "", {"sshd: /usr/sbin/sshd -D [listener]"}, t0 - 10, 0, "sshd");
    Event bash = exec(502, 501, t0, 70, "/usr/bin/bash", {"-bash"}, "/usr/sbin/sshd");
    stage.process(bash);
    const auto& parent = lineage_of(bash).parent;
    REQUIRE(parent);
    CHECK(parent->origin == ProcessOrigin::fork);
    CHECK(parent->executable == "/usr/sbin/sshd");
    CHECK(parent->name == "sshd");
    CHECK(counter(stage, "image_inherited") == 1);
    CHECK(counter(stage, "parent_from_fork") == 1);

    // Arguments rewritten (sshd's privilege-separated child names its user): not provably the
    // same image, so no image; the name is still the kernel's.
    probe.run(503, 500, "", {"sshd: alice [priv]"}, t0 + 10, 0, "sshd");
    Event other = exec(504, 503, t0 + 20, 71, "/usr/bin/bash", {"-bash"}, "/usr/sbin/sshd");
    stage.process(other);
    REQUIRE(lineage_of(other).parent);
    CHECK(lineage_of(other).parent->origin == ProcessOrigin::proc);
    CHECK_FALSE(lineage_of(other).parent->executable);
    CHECK(lineage_of(other).parent->name == "sshd");
    // Another name (it exec'd something before the plugin could see it): no image either.
    probe.run(505, 500, "", {"sshd: /usr/sbin/sshd -D [listener]"}, t0 + 30, 0, "python3");
    Event third = exec(506, 505, t0 + 40, 72, "/usr/bin/id", {"id"});
    stage.process(third);
    REQUIRE(lineage_of(third).parent);
    CHECK_FALSE(lineage_of(third).parent->executable);

    JsonFormatter formatter({});
    json doc = json::parse(formatter.format(other, Shortening{}));
    CHECK(doc["process"]["parent"]["name"] == "sshd");
    CHECK_FALSE(doc["process"]["parent"].contains("executable"));
    CHECK(doc["audisp_ima"]["parent_source"] == "proc");
    CHECK(json::parse(formatter.format(bash, Shortening{}))["audisp_ima"]["parent_source"] == "fork");
}

TEST_CASE("process stage: the pid reuse window follows pid_max", "[process]") {
    CHECK(pid_reuse_free_ms(32768) == 16);      // the kernel's default: 16,384 allocations at 1 M/s
    CHECK(pid_reuse_free_ms(4194304) == 1000);  // systemd's: 2,097 ms, capped at a second
    CHECK(pid_reuse_free_ms(0) == 0);
}

TEST_CASE("process stage: a parent /proc showed holding its pid is not read again within the window, and is after it",
          "[process]") {
    FakeProbe probe;
    probe.run(500, 1, "/usr/bin/make", {"make", "-j2"}, t0 - 10'000);
    ProcessStage stage({}, &probe, {}, kOrigin);
    // make was seeded, so every child's parent is checked against /proc's holder of 500.
    stage.seed();
    probe.now = t0 + 20;
    Event cc1 = exec(501, 500, t0, 40, "/usr/bin/cc", {"cc", "a.c"});
    stage.process(cc1);
    int reads = probe.calls;
    probe.now = t0 + 520;
    Event cc2 = exec(502, 500, t0 + 500, 41, "/usr/bin/cc", {"cc", "b.c"});
    stage.process(cc2);
    CHECK(probe.calls == reads);  // 500 ms after /proc showed make: its pid cannot have come round
    REQUIRE(lineage_of(cc2).parent);
    CHECK(lineage_of(cc2).parent->executable == "/usr/bin/make");
    CHECK(counter(stage, "proc_reads_saved") == 1);

    // Two seconds on, make has exited and 500 came round to a shell: the window is over, /proc
    // is asked again and tells.
    probe.live.erase(500);
    probe.run(500, 1, "/usr/bin/bash", {"bash"}, t0 + 2'000);
    probe.now = t0 + 2'120;
    Event ls = exec(503, 500, t0 + 2'100, 42, "/usr/bin/ls", {"ls"});
    stage.process(ls);
    REQUIRE(lineage_of(ls).parent);
    CHECK(lineage_of(ls).parent->executable == "/usr/bin/bash");
    CHECK(counter(stage, "process_stale") == 1);

    // A smaller pid space keeps a shorter window: 32,768 pids, 16 ms.
    FakeProbe small;
    small.max_pid = 32768;
    small.run(500, 1, "/usr/bin/make", {"make"}, t0 - 10'000);
    ProcessStage tight({}, &small, {}, kOrigin);
    tight.seed();
    small.now = t0 + 20;
    Event a = exec(501, 500, t0, 50, "/usr/bin/cc", {"cc"});
    tight.process(a);
    reads = small.calls;
    small.now = t0 + 60;
    Event b = exec(502, 500, t0 + 40, 51, "/usr/bin/cc", {"cc"});
    tight.process(b);
    CHECK(small.calls > reads);
}

TEST_CASE("process stage: a parent whose own execution the stream showed needs no /proc read", "[process]") {
    FakeProbe probe;
    ProcessStage stage({}, &probe, {}, kOrigin);
    probe.run(600, 1, "/usr/bin/bash", {"bash", "build.sh"}, t0 - 5);
    probe.now = t0 + 10;
    Event script = exec(600, 1, t0, 60, "/usr/bin/bash", {"bash", "build.sh"});
    stage.process(script);
    int reads = probe.calls;
    probe.now = t0 + 310;
    Event child = exec(601, 600, t0 + 300, 61, "/usr/bin/sed", {"sed", "-n", "1p"});
    stage.process(child);
    CHECK(probe.calls == reads);
    REQUIRE(lineage_of(child).parent);
    CHECK(lineage_of(child).parent->entity_id == lineage_of(script).entity_id);
    CHECK(lineage_of(child).parent->origin == ProcessOrigin::exec);
}

TEST_CASE("process stage: /proc's 'no such parent' is reused only for events older than the answer", "[process]") {
    FakeProbe probe;
    ProcessStage stage({}, &probe, {}, kOrigin);
    // sh -c forked two children and exited before the plugin read the first event.
    probe.now = t0 + 50;
    Event first = exec(701, 700, t0, 70, "/usr/bin/true", {"true"});
    stage.process(first);
    CHECK_FALSE(lineage_of(first).parent);
    int reads = probe.calls;
    Event second = exec(702, 700, t0 + 1, 71, "/usr/bin/true", {"true"});
    stage.process(second);
    CHECK_FALSE(lineage_of(second).parent);
    CHECK(probe.calls == reads);  // 700 was gone at t0+50: no parent for an event at t0+1
    CHECK(counter(stage, "proc_reads_saved") == 1);

    // 700 came round to a new shell, which forks a child that execs: that event is newer than
    // the answer, so /proc is asked again.
    probe.run(700, 1, "/usr/bin/dash", {"sh"}, t0 + 400);
    probe.now = t0 + 520;
    Event third = exec(703, 700, t0 + 500, 72, "/usr/bin/id", {"id"});
    stage.process(third);
    REQUIRE(lineage_of(third).parent);
    CHECK(lineage_of(third).parent->executable == "/usr/bin/dash");
    CHECK(probe.calls > reads);

    // A holder too young for an event (it began after it) is remembered the same way: older
    // events get no parent without a read, events after its start do get it.
    FakeProbe young;
    ProcessStage fresh({}, &young, {}, kOrigin);
    young.run(800, 1, "/usr/bin/dash", {"sh"}, t0 + 1'000);
    young.now = t0 + 1'500;
    Event before = exec(801, 800, t0, 80, "/usr/bin/true", {"true"});
    fresh.process(before);
    CHECK_FALSE(lineage_of(before).parent);
    reads = young.calls;
    Event still_before = exec(802, 800, t0 + 600, 81, "/usr/bin/true", {"true"});
    fresh.process(still_before);
    CHECK_FALSE(lineage_of(still_before).parent);
    CHECK(young.calls == reads);
    Event after = exec(803, 800, t0 + 1'200, 82, "/usr/bin/true", {"true"});
    fresh.process(after);
    REQUIRE(lineage_of(after).parent);
    CHECK(lineage_of(after).parent->executable == "/usr/bin/dash");

    // Without a clock nothing is reused.
    FakeProbe clockless;
    ProcessStage plain({}, &clockless, {}, kOrigin);
    Event x = exec(901, 900, t0, 90, "/usr/bin/true", {"true"});
    plain.process(x);
    reads = clockless.calls;
    Event y = exec(902, 900, t0 + 1, 91, "/usr/bin/true", {"true"});
    plain.process(y);
    CHECK(clockless.calls > reads);
}

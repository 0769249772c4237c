// The identity stage over a resolver double (cache, negative caching, expiry, ENRICHED names
// first, another node, a slow NSS), and the real NSS resolver against the system's databases.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "enrich/identity_stage.h"
#include "plugin/nss_resolver.h"
#include "tests/support/user_names_text.h"

using namespace audisp_ima;
using namespace audisp_ima::test;
using namespace std::chrono_literals;

namespace {

// A resolver double: a table, a count of what was asked, and an optional delay per lookup.
class FakeResolver final : public NameResolver {
public:
    std::map<uint32_t, std::string> users{{0, "root"}, {1000, "alice"}};
    std::map<uint32_t, std::string> groups{{0, "root"}, {100, "users"}};
    std::atomic<int> delay_ms{0};
    std::atomic<int> user_lookups{0}, group_lookups{0};
    std::mutex table_mutex;  // the test edits the tables while the worker may read them

    std::optional<std::string> user_name(uint32_t uid) override {
        ++user_lookups;
        if (int ms = delay_ms.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        std::lock_guard lock(table_mutex);
        auto it = users.find(uid);
        return it == users.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<std::string> group_name(uint32_t gid) override {
        ++group_lookups;
        if (int ms = delay_ms.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        std::lock_guard lock(table_mutex);
        auto it = groups.find(gid);
        return it == groups.end() ? std::nullopt : std::optional(it->second);
    }
};

// A clock the test moves by hand (read by the worker too).
struct FakeClock {
    std::shared_ptr<std::atomic<int64_t>> seconds = std::make_shared<std::atomic<int64_t>>(1000);
    std::function<IdentityStage::Clock::time_point()> function() const {
        return [s = seconds] { return IdentityStage::Clock::time_point(std::chrono::seconds(s->load())); };
    }
    void advance(std::chrono::seconds by) { *seconds += by.count(); }
};

Event exec_event(TaskInfo task, std::string node = "") {
    ExecEvent exec;
    exec.key.node = std::move(node);
    exec.key.sec = 1700000000;
    exec.task = task;
    return exec;
}

std::map<std::string, uint64_t> counters(const IdentityStage& stage) {
    std::vector<Counter> list;
    stage.append_counters(list);
    std::map<std::string, uint64_t> out(list.begin(), list.end());
    return out;
}

IdentityOptions generous_wait() {
    IdentityOptions options;
    options.wait = 2000ms;  // an answer within the bound, however loaded the machine
    return options;
}

}  // namespace

TEST_CASE("identity stage: NSS names, cached, remembered failures, expiry", "[identity][stage]") {
    auto resolver = std::make_shared<FakeResolver>();
    FakeClock clock;
    IdentityStage stage(resolver, {}, generous_wait(), clock.function());

    // uid 1000 (alice), gid 100 (users), auid 1000: two lookups, every field named.
    Event first = exec_event(ids(1000, 1000, 100));
    stage.process(first);
    const UserNames& n = std::get<ExecEvent>(first).names;
    CHECK(names_text(n) == "alice alice alice alice alice users users users users nss");
    CHECK(resolver->user_lookups == 1);
    CHECK(resolver->group_lookups == 1);
    CHECK(counters(stage)["names_nss"] == 9);

    SECTION("a hit asks NSS nothing") {
        Event again = exec_event(ids(1000, 1000, 100));
        stage.process(again);
        CHECK(names_text(std::get<ExecEvent>(again).names) == names_text(n));
        CHECK(resolver->user_lookups == 1);
        CHECK(resolver->group_lookups == 1);
        CHECK(counters(stage)["names_cached"] == 9);
    }
    SECTION("an id without a name is remembered for its own, shorter time") {
        Event nobody = exec_event(ids(kUnsetId, 4242, 4343));
        stage.process(nobody);
        CHECK(names_text(std::get<ExecEvent>(nobody).names) == "- - - - - - - - - none");
        CHECK(counters(stage)["names_unknown"] == 8);  // auid unset: not asked
        int users = resolver->user_lookups, groups = resolver->group_lookups;
        clock.advance(59s);
        Event again = exec_event(ids(kUnsetId, 4242, 4343));
        stage.process(again);
        CHECK(resolver->user_lookups == users);  // remembered: NSS not asked again
        CHECK(resolver->group_lookups == groups);
        CHECK(counters(stage)["names_unknown"] == 16);
        {
            std::lock_guard lock(resolver->table_mutex);
            resolver->users[4242] = "late-user";
        }
        clock.advance(2s);  // past the negative time (60 s), within the positive one
        Event later = exec_event(ids(kUnsetId, 4242, 4343));
        stage.process(later);
        CHECK(resolver->user_lookups == users + 1);
        CHECK(resolver->group_lookups == groups + 1);
        CHECK(std::get<ExecEvent>(later).names.uid == "late-user");
        Event cached = exec_event(ids(1000, 1000, 100));  // alice is still fresh
        stage.process(cached);
        CHECK(resolver->user_lookups == users + 1);
    }
    SECTION("a name expires after the positive time and is asked again") {
        {
            std::lock_guard lock(resolver->table_mutex);
            resolver->users[1000] = "alice2";  // renamed since
        }
        clock.advance(599s);
        Event before = exec_event(ids(1000, 1000, 100));
        stage.process(before);
        CHECK(std::get<ExecEvent>(before).names.uid == "alice");
        clock.advance(2s);
        Event after = exec_event(ids(1000, 1000, 100));
        stage.process(after);
        CHECK(std::get<ExecEvent>(after).names.uid == "alice2");
        CHECK(resolver->user_lookups == 2);
        CHECK(resolver->group_lookups == 2);
    }
}

TEST_CASE("identity stage: ENRICHED names win, another node gets none from NSS", "[identity][stage]") {
    auto resolver = std::make_shared<FakeResolver>();
    IdentityStage stage(resolver, {"web1"}, generous_wait());

    SECTION("auditd's names are kept, the missing ones filled, the source stays enriched") {
        Event event = exec_event(ids(1000, 1000, 100));
        auto& names = std::get<ExecEvent>(event).names;
        names.uid = names.euid = names.suid = names.fsuid = "alice-at-event-time";
        names.source = NameSource::enriched;
        stage.process(event);
        CHECK(names_text(names) == "alice alice-at-event-time alice-at-event-time alice-at-event-time "
                                   "alice-at-event-time users users users users enriched");
        CHECK(counters(stage)["names_enriched"] == 4);
        CHECK(resolver->user_lookups == 1);  // auid 1000 only
    }
    SECTION("every name from ENRICHED: NSS is not asked") {
        Event event = exec_event(ids(1000, 1000, 100));
        auto& names = std::get<ExecEvent>(event).names;
        names.auid = names.uid = names.euid = names.suid = names.fsuid = "u";
        names.gid = names.egid = names.sgid = names.fsgid = "g";
        names.source = NameSource::enriched;
        stage.process(event);
        CHECK(names_text(names) == "u u u u u g g g g enriched");
        CHECK(resolver->user_lookups == 0);
        CHECK(resolver->group_lookups == 0);
    }
    SECTION("this host's node name and no node name are local") {
        for (std::string node : {"web1", ""}) {
            Event event = exec_event(ids(0, 0, 0), node);
            stage.process(event);
            CHECK(std::get<ExecEvent>(event).names.uid == "root");
        }
    }
    SECTION("another node's ids are not looked up here; its own ENRICHED names stay") {
        Event event = exec_event(ids(1000, 1000, 100), "db7");
        std::get<ExecEvent>(event).names.uid = "remote-alice";
        std::get<ExecEvent>(event).names.source = NameSource::enriched;
        stage.process(event);
        CHECK(names_text(std::get<ExecEvent>(event).names) == "- remote-alice - - - - - - - enriched");
        CHECK(resolver->user_lookups == 0);
        CHECK(resolver->group_lookups == 0);
    }
    SECTION("other kinds of event pass unchanged") {
        Event measured = FileMeasurementEvent{};
        stage.process(measured);
        CHECK(resolver->user_lookups == 0);
    }
}

TEST_CASE("identity stage: a slow NSS never holds the reader beyond the bound", "[identity][stage]") {
    auto resolver = std::make_shared<FakeResolver>();
    resolver->delay_ms = 200;
    IdentityOptions options;
    options.wait = 2ms;
    options.shutdown_wait = 1000ms;  // this test's double does end: let it, and join
    IdentityStage stage(resolver, {}, options);

    auto start = std::chrono::steady_clock::now();
    std::vector<Event> events;
    for (uint32_t i = 0; i < 100; ++i) {
        // Distinct ids: every event is a miss.
        events.push_back(exec_event(ids(kUnsetId, 2000 + i, 3000 + i)));
        stage.process(events.back());
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < 50ms);  // one bound (2 ms) at most, not 100 of them, and never a lookup's 200 ms
    for (const auto& e : events) CHECK(names_text(std::get<ExecEvent>(e).names) == "- - - - - - - - - none");
    auto c = counters(stage);
    CHECK(c["names_late"] == 800);  // 4 user and 4 group fields an event
    CHECK(c["names_nss"] == 0);

    SECTION("answers that come late serve the events after them") {
        {
            std::lock_guard lock(resolver->table_mutex);
            resolver->users[2000] = "u2000";
        }
        resolver->delay_ms = 0;
        REQUIRE(stage.wait_idle(60s));
        Event again = exec_event(ids(kUnsetId, 2000, 3000));
        stage.process(again);
        CHECK(std::get<ExecEvent>(again).names.uid == "u2000");
        CHECK(counters(stage)["names_cached"] == 4);
        CHECK(counters(stage)["names_unknown"] == 4);  // gid 3000: remembered as nameless
    }
}

TEST_CASE("identity stage: the cache is bounded, least recently used out", "[identity][stage]") {
    auto resolver = std::make_shared<FakeResolver>();
    IdentityOptions options = generous_wait();
    options.max_entries = 2;
    IdentityStage stage(resolver, {}, options);
    auto only_uid = [](uint32_t uid) {
        TaskInfo t;
        t.uid = uid;
        return exec_event(t);
    };
    for (uint32_t uid : {0u, 1000u, 0u, 5u}) {  // 5 pushes out 1000 (0 was used since)
        Event e = only_uid(uid);
        stage.process(e);
    }
    CHECK(resolver->user_lookups == 3);
    Event zero = only_uid(0);
    stage.process(zero);
    CHECK(resolver->user_lookups == 3);
    Event thousand = only_uid(1000);
    stage.process(thousand);
    CHECK(resolver->user_lookups == 4);
    CHECK(std::get<ExecEvent>(thousand).names.uid == "alice");
}

TEST_CASE("identity stage: counters in their fixed order", "[identity][stage]") {
    IdentityStage stage(std::make_shared<FakeResolver>(), {});
    std::vector<Counter> list;
    stage.append_counters(list);
    std::vector<std::string> names;
    for (const auto& [name, value] : list) names.push_back(name);
    CHECK(names == std::vector<std::string>{"names_enriched", "names_nss", "names_cached", "names_unknown", "names_late"});
}

TEST_CASE("NSS resolver: the system's own user and group databases", "[identity][nss]") {
    NssResolver nss;
    CHECK(nss.user_name(0) == "root");
    const passwd* root = getpwuid(0);
    REQUIRE(root);
    CHECK(nss.user_name(0) == std::string(root->pw_name));
    const group* root_group = getgrgid(0);
    REQUIRE(root_group);
    CHECK(nss.group_name(0) == std::string(root_group->gr_name));
    // This process's own ids, whatever they are, as getpwuid/getgrgid say.
    if (const passwd* me = getpwuid(getuid())) CHECK(nss.user_name(getuid()) == std::string(me->pw_name));
    if (const group* mine = getgrgid(getgid())) CHECK(nss.group_name(getgid()) == std::string(mine->gr_name));
    // An id no database has (checked first, so the test says nothing wrong on an odd system).
    if (!getpwuid(3999999999u)) CHECK_FALSE(nss.user_name(3999999999u));
    if (!getgrgid(3999999999u)) CHECK_FALSE(nss.group_name(3999999999u));
}

TEST_CASE("identity stage: the parent's user is named too, when the process table gave only its uid", "[identity][process]") {
    auto resolver = std::make_shared<FakeResolver>();
    FakeClock clock;
    IdentityStage stage(resolver, {}, generous_wait(), clock.function());
    TaskInfo task;
    task.uid = task.euid = 1000u;
    Event event = exec_event(task);
    ParentProcess& parent = std::get<ExecEvent>(event).lineage.parent.emplace();
    parent.pid = 1;
    parent.user_id = 0u;
    stage.process(event);
    CHECK(std::get<ExecEvent>(event).lineage.parent->user_name == "root");
    CHECK(std::get<ExecEvent>(event).names.euid == "alice");

    // A name the table already had (the parent's own ENRICHED text) is kept, not looked up.
    Event named = exec_event(task);
    ParentProcess& other = std::get<ExecEvent>(named).lineage.parent.emplace();
    other.user_id = 1000u;
    other.user_name = "alice-at-exec";
    stage.process(named);
    CHECK(std::get<ExecEvent>(named).lineage.parent->user_name == "alice-at-exec");
}

TEST_CASE("identity stage: a process end's ids and parent are named as an execution's are", "[identity][lifecycle]") {
    auto resolver = std::make_shared<FakeResolver>();
    FakeClock clock;
    IdentityStage stage(resolver, {}, generous_wait(), clock.function());
    ProcessEndEvent end;
    end.key.sec = 1700000000;
    end.task = ids(1000, 1000, 100);
    end.lineage.parent.emplace().user_id = 0u;
    Event event = end;
    stage.process(event);
    const ProcessEndEvent& named = std::get<ProcessEndEvent>(event);
    CHECK(names_text(named.names) == "alice alice alice alice alice users users users users nss");
    CHECK(named.lineage.parent->user_name == "root");

    // Another node's process end: this host's NSS does not name its ids.
    ProcessEndEvent remote = end;
    remote.key.node = "web1";
    remote.lineage.parent.reset();
    Event other = remote;
    stage.process(other);
    CHECK(names_text(std::get<ProcessEndEvent>(other).names) == "- - - - - - - - - none");

    // A fork has no names to fill and is left alone.
    Event fork = ForkEvent{};
    stage.process(fork);
    CHECK(std::get<ForkEvent>(fork).child_pid == 0);
}

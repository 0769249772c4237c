// Fork and exit_group records (parser/process_events.h) through the whole pipeline: LAUREL's real
// trace of a shell script whose subshell forks children, and exit records written as the kernel's
// audit_log_exit() writes them for exit_group (no success=, no exit=: the call never returns).
// Every expectation is read off the record text.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formatters/event_words.h"
#include "formatters/formatter.h"
#include "plugin/pipeline.h"
#include "tests/support/corpus_files.h"
#include "tests/support/lifecycle_records.h"

using namespace audisp_ima;
using nlohmann::json;
using audisp_ima::test::sleep_and_exit;

namespace {

struct Run {
    std::vector<json> messages;
    std::map<std::string, uint64_t> counters;
};

Run run(const std::string& text, const std::string& format = "json") {
    Run out;
    std::vector<std::string> lines;
    Pipeline pipeline(make_formatter(format, {}), [&](std::string&& m) { lines.push_back(std::move(m)); },
                      [](const std::string&) {});
    pipeline.feed(text);
    pipeline.flush();
    if (format == "json")
        for (const auto& line : lines) out.messages.push_back(json::parse(line));
    else
        for (const auto& line : lines) out.messages.push_back(json(line));
    std::vector<Counter> counters;
    pipeline.append_counters(counters);
    for (const auto& [name, value] : counters) out.counters[name] = value;
    return out;
}

const json* by_pid(const Run& run, int64_t pid, const std::string& action = "executed") {
    for (const auto& m : run.messages)
        if (m["process"]["pid"] == pid && m["event"]["action"] == action) return &m;
    return nullptr;
}

}  // namespace

TEST_CASE("lifecycle: LAUREL's shell trace, a subshell's children get the subshell as parent from its fork record",
          "[process][lifecycle][corpus]") {
    // bash 71432 forks 71505 (29237), which execs dash on test-script.sh (29238) and forks 71506
    // (29239, a subshell: never execs) and 71507 (29240, execs grep: 29242). The subshell forks
    // 71508 (29241, echo: 29244) and 71509 (29243, sed: 29245).
    Run r = run(test::read_corpus_file(test::kCorpusDir + "/laurel/shell-proc-trace.txt"));
    CHECK(r.counters["forks"] == 5);
    CHECK(r.counters["processes_forked"] == 5);
    const json* script = by_pid(r, 71505);
    const json* grep = by_pid(r, 71507);
    const json* echo = by_pid(r, 71508);
    const json* sed = by_pid(r, 71509);
    REQUIRE(script);
    REQUIRE(grep);
    REQUIRE(echo);
    REQUIRE(sed);
    // The script's own process was known only from bash's fork: its exec is its first image.
    CHECK_FALSE((*script)["audisp_ima"].contains("replaced_entity_id"));
    CHECK((*script)["process"]["executable"] == "/usr/bin/dash");
    // grep's parent is the script's execution.
    CHECK((*grep)["process"]["parent"]["entity_id"] == (*script)["event"]["id"]);
    CHECK((*grep)["audisp_ima"]["parent_source"] == "exec");
    // echo's and sed's parent is the subshell: dash (exe= of its fork record 29239), with the
    // script's arguments, known from the fork alone; both name the same subshell.
    for (const json* child : {echo, sed}) {
        const json& parent = (*child)["process"]["parent"];
        INFO(child->dump());
        CHECK(parent["pid"] == 71506);
        CHECK(parent["executable"] == "/usr/bin/dash");
        CHECK(parent["args"] == (*script)["process"]["args"]);
        CHECK(parent["start"] == "2023-04-27T15:24:05.530Z");  // 1682609045.530, the fork
        CHECK((*child)["audisp_ima"]["parent_source"] == "fork");
        CHECK(parent["entity_id"] != (*script)["event"]["id"]);
    }
    CHECK((*echo)["process"]["parent"]["entity_id"] == (*sed)["process"]["parent"]["entity_id"]);
    CHECK(r.counters["exec_in_place"] == 0);
}

TEST_CASE("lifecycle: an exit_group record is a process end message, and its entry leaves the table",
          "[process][lifecycle]") {
    Run r = run(sleep_and_exit("3"));
    CHECK(r.counters["process_ends"] == 1);
    CHECK(r.counters["processes_ended"] == 1);
    const json* start = by_pid(r, 4000);
    const json* end = by_pid(r, 4000, "exited");
    REQUIRE(start);
    REQUIRE(end);
    INFO(end->dump());
    CHECK((*end)["event"]["type"] == json::array({"end"}));
    CHECK((*end)["event"]["category"] == json::array({"process"}));
    CHECK((*end)["process"]["entity_id"] == (*start)["event"]["id"]);
    CHECK((*end)["process"]["start"] == (*start)["@timestamp"]);
    CHECK((*end)["process"]["end"] == "2023-11-14T22:15:03.250Z");  // 1700000103.250 (date -u -d @1700000103)
    CHECK((*end)["process"]["end"] == (*end)["@timestamp"]);
    CHECK((*end)["process"]["exit_code"] == 3);
    CHECK((*end)["process"]["uptime"] == 3);  // 3.25 s, whole seconds
    CHECK((*end)["process"]["executable"] == "/usr/bin/sleep");
    CHECK((*end)["process"]["args"] == json::array({"sleep", "3"}));  // PROCTITLE 736C6565700033
    CHECK((*end)["process"]["parent"]["pid"] == 3000);
    CHECK((*end)["process"]["user"]["id"] == "1000");
    CHECK((*end)["audisp_ima"]["key"] == "exit");

    // exit(-1) is status 255 to the parent; the register is printed whole.
    Run minus = run(sleep_and_exit("ffffffffffffffff"));
    REQUIRE(by_pid(minus, 4000, "exited"));
    CHECK((*by_pid(minus, 4000, "exited"))["process"]["exit_code"] == 255);

    // The pid comes round to another process, which execs under another parent: a new process,
    // not an in-place exec of sleep.
    std::string t = audisp_ima::test::kSleepTask;
    Run reused = run(sleep_and_exit("0") +
                     "type=SYSCALL msg=audit(1700000200.000:600): arch=c000003e syscall=59 success=yes exit=0 a0=1 "
                     "a1=2 a2=3 a3=0 items=1 ppid=3500 pid=4000" + t + " comm=\"id\" exe=\"/usr/bin/id\" key=\"exec\"\n"
                     "type=EXECVE msg=audit(1700000200.000:600): argc=1 a0=\"id\"\n"
                     "type=EOE msg=audit(1700000200.000:600): \n");
    const json* id = by_pid(reused, 4000);
    REQUIRE(id);
    CHECK((*by_pid(reused, 4000, "executed"))["process"]["executable"] == "/usr/bin/sleep");
    bool saw_id = false;
    for (const auto& m : reused.messages)
        if (m["process"]["executable"] == "/usr/bin/id") {
            saw_id = true;
            CHECK_FALSE(m["audisp_ima"].contains("replaced_entity_id"));
            CHECK_FALSE(m["process"].contains("previous"));
        }
    CHECK(saw_id);
    CHECK(reused.counters["exec_in_place"] == 0);
}

TEST_CASE("lifecycle: a thread is not a process, a failed fork makes none, emit chooses process ends",
          "[process][lifecycle]") {
    std::string t = audisp_ima::test::kSleepTask;
    // glibc's pthread_create through clone: CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|...
    std::string thread = "type=SYSCALL msg=audit(1700000100.000:700): arch=c000003e syscall=56 success=yes exit=4100 "
                         "a0=3d0f00 a1=7f00 a2=7f10 a3=7f20 items=0 ppid=1 pid=4099" + t +
                         " comm=\"worker\" exe=\"/usr/bin/worker\" key=\"fork\"\n"
                         "type=EOE msg=audit(1700000100.000:700): \n";
    std::string failed = "type=SYSCALL msg=audit(1700000100.001:701): arch=c000003e syscall=57 success=no exit=-11 "
                         "a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=4099" + t +
                         " comm=\"worker\" exe=\"/usr/bin/worker\" key=\"fork\"\n"
                         "type=EOE msg=audit(1700000100.001:701): \n";
    Run r = run(thread + failed);
    CHECK(r.counters["forks"] == 0);
    CHECK(r.counters["ignored"] == 2);
    CHECK(r.messages.empty());

    // CEF: the same end, Sysmon's ProcessTerminate in ArcSight's keys.
    Run cef = run(sleep_and_exit("7"), "cef");
    REQUIRE(cef.messages.size() == 2);
    std::string end = cef.messages[1].get<std::string>();
    INFO(end);
    CHECK(end.find("|ima-process-end|Process exited|3|") != std::string::npos);
    CHECK(end.find(" audispImaExitCode=7") != std::string::npos);
    CHECK(end.find(" start=1700000100000") != std::string::npos);
    CHECK(end.find(" end=1700000103250") != std::string::npos);
    CHECK(end.find(" audispImaUptimeSeconds=3") != std::string::npos);
    CHECK(end.find(" dpid=4000") != std::string::npos);
}

TEST_CASE("lifecycle: uptime is whole seconds from the image's start to the end, none when the start is unknown or later",
          "[process][lifecycle]") {
    EventKey end;
    end.sec = 1700000103;
    end.msec = 250;
    Lineage lineage;
    CHECK_FALSE(uptime_seconds(end, lineage));
    lineage.start_ms = 1700000100000;
    CHECK(uptime_seconds(end, lineage) == 3);  // 3.25 s ran: ECS process.uptime is whole seconds
    lineage.start_ms = 1700000103250;
    CHECK(uptime_seconds(end, lineage) == 0);
    lineage.start_ms = 1700000103251;  // began after it ended: the clocks disagree, no figure
    CHECK_FALSE(uptime_seconds(end, lineage));
}

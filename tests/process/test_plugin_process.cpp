// The plugin as auditd runs it: started with signals ignored and blocked, fed one record per
// write on a socket, stopped by EOF or SIGTERM, reloaded by SIGHUP, asked for statistics by
// SIGUSR1. Expected messages come from examples/sample-audit.log (see examples/README.md).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <stdlib.h>

#include <csignal>
#include <cstdlib>
#include <thread>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/process/plugin_process.h"
#include "tests/support/temp_dir.h"

using audisp_ima::test::PluginProcess;
using audisp_ima::test::read_text_file;
using audisp_ima::test::write_text_file;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> sample_records() {
    std::istringstream in(read_text_file(std::string(AUDISP_IMA_SOURCE_DIR) + "/examples/sample-audit.log"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Serials of the six events of the sample (171, 185, 202, 230 executions; 12 standalone
// measurement; 240 INTEGRITY_PCR). 241 is an openat and is not reported.
const std::multiset<long> kSampleSerials{12, 171, 185, 202, 230, 240};

struct Sorted {
    std::multiset<long> event_serials;
    std::vector<nlohmann::json> statistics;
};

Sorted sort_json(const std::vector<std::string>& lines) {
    Sorted out;
    for (const auto& line : lines) {
        auto message = nlohmann::json::parse(line);  // every line must be one JSON object
        if (message["event"]["kind"] == "metric") out.statistics.push_back(message);
        else out.event_serials.insert(message["event"]["sequence"].get<long>());
    }
    return out;
}

}  // namespace

TEST_CASE("EOF on stdin: every event flushed, statistics at exit, exit status 0", "[process]") {
    PluginProcess plugin({"--output", "stdout"});
    for (const auto& record : sample_records()) plugin.write_record(record);
    plugin.close_input();
    REQUIRE(plugin.wait_exit(10s) == 0);
    Sorted out = sort_json(plugin.stdout_lines());
    CHECK(out.event_serials == kSampleSerials);
    REQUIRE(out.statistics.size() == 1);
    CHECK(out.statistics[0]["event"]["reason"] == "exit");
    CHECK(out.statistics[0]["audisp_ima"]["statistics"]["records"] == 37);
    CHECK(out.statistics[0]["audisp_ima"]["statistics"]["emitted"] == 6);
    CHECK(plugin.stderr_text().find("records=37 ") != std::string::npos);
}

TEST_CASE("SIGTERM with events in flight: nothing lost, exit status 0", "[process]") {
    PluginProcess plugin({"--output", "stdout", "--stats-interval", "0"});
    // Everything but the last event's EOE: serial 241 and the standalone measurement (no EOE
    // ever) are still held by the parser when the signal comes.
    auto records = sample_records();
    records.pop_back();
    for (const auto& record : records) plugin.write_record(record);
    // The socket stays open: only the signal can end the plugin.
    REQUIRE(plugin.wait_for_lines(4, 5s));
    plugin.signal(SIGTERM);
    REQUIRE(plugin.wait_exit(10s) == 0);
    Sorted out = sort_json(plugin.stdout_lines());
    CHECK(out.event_serials == kSampleSerials);
    CHECK(out.statistics.empty());
    CHECK(plugin.stderr_text().find("records=36 ") != std::string::npos);
}

TEST_CASE("SIGTERM from another process than auditd (the parent) is ignored and said so", "[process]") {
    PluginProcess plugin({"--output", "stdout", "--stats-interval", "0"});
    auto records = sample_records();
    for (size_t i = 0; i < 9; ++i) plugin.write_record(records[i]);  // event 171
    REQUIRE(plugin.wait_for_lines(1, 5s));
    pid_t stray = ::fork();
    if (stray == 0) {
        ::kill(plugin.pid(), SIGTERM);
        ::_exit(0);
    }
    REQUIRE(stray > 0);
    int status = 0;
    REQUIRE(::waitpid(stray, &status, 0) == stray);
    REQUIRE(plugin.wait_for_stderr("SIGTERM from pid " + std::to_string(stray) + " ignored", 5s));
    // still running and reading: the next event comes out, then the parent's SIGTERM stops it
    for (size_t i = 9; i < 17; ++i) plugin.write_record(records[i]);  // event 185
    REQUIRE(plugin.wait_for_lines(2, 5s));
    plugin.signal(SIGTERM);
    REQUIRE(plugin.wait_exit(10s) == 0);
}

// auditd sends SIGTERM, may still write, then closes the socket: what it wrote in between is
// read and reported, and the plugin is still reading (no EPIPE for auditd).
TEST_CASE("SIGTERM then more records then EOF: the late records are not lost", "[process]") {
    PluginProcess plugin({"--output", "stdout", "--stats-interval", "0"});
    auto records = sample_records();
    for (size_t i = 0; i < 9; ++i) plugin.write_record(records[i]);  // event 171
    REQUIRE(plugin.wait_for_lines(1, 5s));
    plugin.signal(SIGTERM);
    std::this_thread::sleep_for(100ms);
    for (size_t i = 9; i < records.size(); ++i) plugin.write_record(records[i]);
    plugin.close_input();
    REQUIRE(plugin.wait_exit(10s) == 0);
    CHECK(sort_json(plugin.stdout_lines()).event_serials == kSampleSerials);
    CHECK(plugin.stderr_text().find("records=37 ") != std::string::npos);
}

TEST_CASE("SIGHUP and SIGUSR1 in the grace after SIGTERM are served, not swallowed", "[process]") {
    audisp_ima::test::TempDir dir;
    std::string config = dir.file("audisp-ima.conf");
    write_text_file(config, "output = stdout\nstats_interval = 0\nformat = json\n");
    PluginProcess plugin({config});
    auto records = sample_records();
    for (size_t i = 0; i < 9; ++i) plugin.write_record(records[i]);  // event 171
    REQUIRE(plugin.wait_for_lines(1, 5s));
    plugin.signal(SIGTERM);  // auditd stops us; its socket stays open for a moment
    std::this_thread::sleep_for(100ms);
    write_text_file(config, "output = stdout\nstats_interval = 0\nformat = cef\n");
    plugin.signal(SIGHUP);
    REQUIRE(plugin.wait_for_stderr("SIGHUP: configuration reloaded", 5s));
    plugin.signal(SIGUSR1);
    REQUIRE(plugin.wait_for_stderr("statistics: records=", 5s));
    for (size_t i = 9; i < 17; ++i) plugin.write_record(records[i]);  // event 185
    plugin.close_input();
    REQUIRE(plugin.wait_exit(10s) == 0);
    auto lines = plugin.stdout_lines();
    REQUIRE(lines.size() >= 3);
    // the event after the reload is in the new format; the statistics message came in between
    bool cef_185 = false, statistics = false;
    for (const auto& line : lines) {
        if (line.rfind("CEF:0|audisp-ima|", 0) == 0 && line.find("cn1=185") != std::string::npos) cef_185 = true;
        if (line.find("ima-stats") != std::string::npos || line.find("\"statistics\"") != std::string::npos) statistics = true;
    }
    CHECK(cef_185);
    CHECK(statistics);
}

TEST_CASE("SIGTERM before anything was read: clean exit", "[process]") {
    PluginProcess plugin({"--output", "stdout"});
    std::this_thread::sleep_for(200ms);
    plugin.signal(SIGTERM);
    CHECK(plugin.wait_exit(10s) == 0);
}

TEST_CASE("SIGUSR1 writes a statistics message into the stream", "[process]") {
    PluginProcess plugin({"--output", "stdout", "--stats-interval", "0"});
    auto records = sample_records();
    for (size_t i = 0; i < 9; ++i) plugin.write_record(records[i]);  // event 171 with its EOE
    REQUIRE(plugin.wait_for_lines(1, 5s));
    plugin.signal(SIGUSR1);
    REQUIRE(plugin.wait_for_lines(2, 5s));
    auto lines = plugin.stdout_lines();
    auto stats = nlohmann::json::parse(lines[1]);
    CHECK(stats["event"]["kind"] == "metric");
    CHECK(stats["event"]["reason"] == "signal");
    CHECK(stats["audisp_ima"]["statistics"]["records"] == 9);
    CHECK(stats["audisp_ima"]["statistics"]["executions"] == 1);
    CHECK(stats["audisp_ima"]["statistics"]["emitted"] == 1);
    CHECK(stats["audisp_ima"]["statistics"]["dropped"] == 0);
    CHECK(plugin.stderr_text().find("statistics: records=9 ") != std::string::npos);  // and in its own log
    plugin.close_input();
    CHECK(plugin.wait_exit(10s) == 0);
}

TEST_CASE("SIGHUP re-reads the config file, and a bad one keeps the old settings", "[process]") {
    audisp_ima::test::TempDir dir;
    std::string config = dir.file("audisp-ima.conf");
    write_text_file(config, "# test\noutput = stdout\nstats_interval = 0\nformat = json\n");
    // The config file comes as a bare argument, as auditd passes the plugins.d "args".
    PluginProcess plugin({config});
    auto records = sample_records();
    for (size_t i = 0; i < 9; ++i) plugin.write_record(records[i]);  // event 171
    REQUIRE(plugin.wait_for_lines(1, 5s));

    write_text_file(config, "output = stdout\nstats_interval = 0\nformat = cef\n");
    for (size_t i = 9; i < 12; ++i) plugin.write_record(records[i]);  // first half of event 185
    plugin.signal(SIGHUP);
    REQUIRE(plugin.wait_for_stderr("SIGHUP: configuration reloaded", 5s));
    for (size_t i = 12; i < 17; ++i) plugin.write_record(records[i]);  // the rest of 185, with EOE
    REQUIRE(plugin.wait_for_lines(2, 5s));

    write_text_file(config, "output = stdout\nformat = xml\n");
    plugin.signal(SIGHUP);
    REQUIRE(plugin.wait_for_stderr("configuration not reloaded", 5s));
    // A syslog socket path sun_path cannot hold: refused like any bad value, the plugin lives on
    // (it used to throw past the reload's error handling and abort, rc 134).
    write_text_file(config, "output = syslog\nsyslog_socket = /" + std::string(200, 's') + "\n");
    plugin.signal(SIGHUP);
    REQUIRE(plugin.wait_for_stderr("syslog_socket: bad value", 5s));
    for (size_t i = 17; i < 25; ++i) plugin.write_record(records[i]);  // event 202
    REQUIRE(plugin.wait_for_lines(3, 5s));
    plugin.close_input();
    REQUIRE(plugin.wait_exit(10s) == 0);

    auto lines = plugin.stdout_lines();
    REQUIRE(lines.size() >= 3);
    CHECK(nlohmann::json::parse(lines[0])["event"]["sequence"] == 171);
    // The event that straddled the reload is whole, and written in the new format.
    CHECK(lines[1].rfind("CEF:0|audisp-ima|", 0) == 0);
    CHECK(lines[1].find("cn1Label=auditSerial cn1=185") != std::string::npos);
    CHECK(lines[1].find("dpid=441") != std::string::npos);
    // A bad file changed nothing.
    CHECK(lines[2].rfind("CEF:0|audisp-ima|", 0) == 0);
    CHECK(lines[2].find("cn1=202") != std::string::npos);
    std::string errors = plugin.stderr_text();
    CHECK(errors.find("format: bad value 'xml'") != std::string::npos);
    CHECK(errors.find(":2:") != std::string::npos);  // the error names the line
}

TEST_CASE("a config file that does not load stops the start with a clear message", "[process]") {
    audisp_ima::test::TempDir dir;
    std::string config = dir.file("audisp-ima.conf");
    write_text_file(config, "output = stdout\nqueue_max_events = lots\n");
    PluginProcess plugin({config});
    CHECK(plugin.wait_exit(10s) == 1);
    CHECK(plugin.stderr_text().find(config + ":2: queue_max_events: bad value 'lots'") != std::string::npos);
}

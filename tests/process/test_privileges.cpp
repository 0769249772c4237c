// The running plugin holds only the capabilities it uses after start-up, in every one of its
// threads (capabilities belong to a thread: a drop made after the reader or writer started
// would leave them with everything), and has no_new_privs set. What it keeps and why:
// plugin/privileges.h. The expected mask is built here from <linux/capability.h>.
#include <catch2/catch.hpp>

#include <linux/capability.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/process/plugin_process.h"

using audisp_ima::test::PluginProcess;
using audisp_ima::test::read_text_file;
using namespace std::chrono_literals;

namespace {

// "CapEff:\t0000000000000004" and the like, from a /proc/.../status file.
std::map<std::string, std::string> status_fields(const std::string& path) {
    std::map<std::string, std::string> fields;
    std::istringstream in(read_text_file(path));
    for (std::string line; std::getline(in, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto value = line.find_first_not_of(" \t", colon + 1);
        fields[line.substr(0, colon)] = value == std::string::npos ? "" : line.substr(value);
    }
    return fields;
}

uint64_t mask(const std::string& hex) { return std::stoull(hex, nullptr, 16); }

}  // namespace

TEST_CASE("after start-up every thread keeps only CAP_DAC_READ_SEARCH, with no_new_privs", "[process][privileges]") {
    const uint64_t kept = uint64_t{1} << CAP_DAC_READ_SEARCH;
    auto own = status_fields("/proc/self/status");
    if (::geteuid() != 0 || (mask(own["CapPrm"]) & kept) == 0) {
        WARN("not run as root with CAP_DAC_READ_SEARCH: the plugin has nothing to drop; skipped");
        return;
    }
    PluginProcess plugin({"--output", "stdout", "--stats-interval", "0"});
    std::ifstream sample(std::string(AUDISP_IMA_SOURCE_DIR) + "/examples/sample-audit.log");
    std::string line;
    for (int i = 0; i < 9 && std::getline(sample, line); ++i) plugin.write_record(line);  // event 171
    // An execution of this host (no node=): its ids are looked up through NSS, which starts the
    // identity stage's worker thread (enrich/identity_stage.h), and it must hold no more either.
    plugin.write_record("type=SYSCALL msg=audit(1795714811.000:900): arch=c000003e syscall=59 success=yes exit=0 "
                        "items=0 ppid=1 pid=2 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                        "fsgid=0 tty=(none) ses=4294967295 comm=\"true\" exe=\"/usr/bin/true\" key=\"exec\"");
    plugin.write_record("type=PROCTITLE msg=audit(1795714811.000:900): proctitle=74727565");
    // A message out means the reader and the writer are running: start-up is over.
    REQUIRE(plugin.wait_for_lines(2, 5s));

    size_t threads = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(plugin.pid()) + "/task")) {
        auto fields = status_fields(task.path().string() + "/status");
        INFO("thread " << task.path().filename().string() << " CapEff " << fields["CapEff"]);
        CHECK(mask(fields["CapEff"]) == kept);
        CHECK(mask(fields["CapPrm"]) == kept);
        CHECK(mask(fields["CapBnd"]) == kept);
        CHECK(mask(fields["CapInh"]) == 0);
        CHECK(mask(fields["CapAmb"]) == 0);
        CHECK(fields["NoNewPrivs"] == "1");
        ++threads;
    }
    CHECK(threads == 4);  // main, reader, writer, the identity worker: every one was looked at
    CHECK(plugin.stderr_text().find("capabilities dropped, kept: cap_dac_read_search; no_new_privs set") !=
          std::string::npos);
    plugin.close_input();
    CHECK(plugin.wait_exit(10s) == 0);
}

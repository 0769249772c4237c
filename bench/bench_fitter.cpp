// The message fitter on the worst cases of issue 10 item 4: for each event and format, the size
// of the whole message, the size of the fitted one, whether it fits, and the time one fit takes.
// Usage: bench-fitter [BUDGET] (default 8000: Debian's stock 8096 bytes minus a syslog header).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "formatters/message_fitter.h"

using namespace audisp_ima;

namespace {

ExecEvent execution() {
    ExecEvent ev;
    ev.key = EventKey{"bench-host", 1795714810, 720, 171};
    SyscallRecord sc;
    sc.arch = "x86_64";
    sc.number = 59;
    sc.name = "execve";
    sc.success = true;
    sc.exit = 0;
    sc.key = "exec";
    sc.task.pid = 433;
    sc.task.ppid = 401;
    sc.task.uid = sc.task.euid = sc.task.suid = sc.task.gid = sc.task.egid = sc.task.sgid = 1000u;
    sc.task.auid = 1000u;
    ev.syscall = sc;
    ev.task = sc.task;
    ev.executable = "/usr/bin/printf";
    std::string digest(64, 'a');
    ev.hash = FileHash{"sha256", digest, "sha256:" + digest};
    ev.hash_source = HashSource::measured;
    ev.cwd = "/tmp";
    ev.args = {"/usr/bin/printf"};
    return ev;
}

ExecEvent with_args(size_t count, size_t size) {
    ExecEvent ev = execution();
    for (size_t i = 0; i < count; ++i) ev.args.push_back(std::string(size, 'x'));
    ev.argc = ev.args.size();
    return ev;
}

void run(const char* name, const Event& event, size_t budget) {
    for (const char* format : {"json", "cef", "leef", "ocsf", "sysmon"}) {
        auto formatter = make_formatter(format, FormatterOptions{"bench-host"});
        size_t whole = formatter->format(event).size();
        int rounds = 0;
        FittedMessage fitted;
        auto start = std::chrono::steady_clock::now();
        auto elapsed = std::chrono::steady_clock::duration::zero();
        while (rounds < 3 || elapsed < std::chrono::milliseconds(300)) {
            fitted = format_within(*formatter, event, budget);
            ++rounds;
            elapsed = std::chrono::steady_clock::now() - start;
        }
        double ms = std::chrono::duration<double, std::milli>(elapsed).count() / rounds;
        std::printf("%-22s %-6s whole %9zu  fitted %9zu  fits %-3s  %3u formats  %8.2f ms per fit\n", name, format,
                    whole, fitted.text.size(), fitted.fits ? "yes" : "no", fitted.formats, ms);
    }
}

}  // namespace

int main(int argc, char** argv) {
    size_t budget = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 8000;
    run("40 args x 300", with_args(40, 300), budget);
    run("6000 args x 300", with_args(6000, 300), budget);
    // Issue 13's case: long paths everywhere and one long argument among shorter ones.
    ExecEvent paths = execution();
    std::string dir = "/opt";
    for (int i = 0; i < 10; ++i) dir += "/" + std::string(60, 'd');
    paths.executable = dir + "/tool";
    paths.cwd = "/" + std::string(600, 'c');
    paths.args = {*paths.executable, std::string(3900, 'x'), std::string(500, 'y'), std::string(500, 'z')};
    paths.argc = paths.args.size();
    paths.previous_executable = dir + "/caller";
    run("long paths, 3900 arg", paths, budget);
    ExecEvent key = execution();
    key.syscall->key = std::string(9000, 'k');
    run("9000-byte key", key, budget);
    ExecEvent node = execution();
    node.key.node = std::string(60000, 'n');
    run("60000-byte node", node, budget);
    IntegrityEvent integrity;
    integrity.key = EventKey{"", 1708967244, 805, 47};
    integrity.record_type = 1800;
    integrity.type_name = "INTEGRITY_DATA";
    integrity.pid = 1725;
    integrity.fields = {{"pid", "1725"}, {std::string(9000, 'f'), "v"}};
    run("9000-byte field name", integrity, budget);
    return 0;
}

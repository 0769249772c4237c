// Starts the plugin binary the way auditd 3.0.9 does (empty environment, every signal ignored,
// TERM/HUP/USR1/USR2/CHLD/CONT blocked, a blocking AF_UNIX stream socket on stdin) and lets a
// test feed it records one write per record, send it signals and read what it wrote.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/temp_dir.h"

namespace audisp_ima::test {

class PluginProcess {
public:
    // `args` follow the binary name. stdout and stderr go to files in a private directory.
    explicit PluginProcess(std::vector<std::string> args);
    ~PluginProcess();
    PluginProcess(const PluginProcess&) = delete;
    PluginProcess& operator=(const PluginProcess&) = delete;

    std::string directory() const { return dir_.path(); }
    pid_t pid() const { return pid_; }
    void write_record(std::string_view line);  // adds the '\n'; one write() per record
    void close_input();
    void signal(int sig);
    // Exit status, or -1 if it did not exit in time (it is then killed).
    int wait_exit(std::chrono::milliseconds timeout);
    // Waits until stdout holds at least `count` lines; false on timeout.
    bool wait_for_lines(size_t count, std::chrono::milliseconds timeout) const;
    bool wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout) const;

    std::vector<std::string> stdout_lines() const;
    std::string stderr_text() const;

private:
    TempDir dir_;
    pid_t pid_ = -1;
    int input_ = -1;
};

std::string read_text_file(const std::string& path);
void write_text_file(const std::string& path, std::string_view text);

}  // namespace audisp_ima::test

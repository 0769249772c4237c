#include "tests/process/plugin_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace audisp_ima::test {
namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// What auditd's safe_exec leaves a plugin (audit-userspace v3.0.9, audisp/audispd.c safe_exec):
void become_auditd_child(int input, int out, int err) {
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        ::signal(sig, SIG_IGN);
    }
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int sig : {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD, SIGCONT}) sigaddset(&blocked, sig);
    sigprocmask(SIG_BLOCK, &blocked, nullptr);
    dup2(input, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);
}

}  // namespace

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text_file(const std::string& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

PluginProcess::PluginProcess(std::vector<std::string> args) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) fail("socketpair");
    int out = ::open(dir_.file("stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err = ::open(dir_.file("stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0 || err < 0) fail("open output files");

    // Hermetic: the state file in this test's directory, not the host's /var/lib (a config file
    // given by the test may still set it; the command line is applied after it).
    std::vector<std::string> argv_text{AUDISP_IMA_BINARY, "--state-file", dir_.file("hashes.state")};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    char* empty_environment[] = {nullptr};

    pid_ = fork();
    if (pid_ < 0) fail("fork");
    if (pid_ == 0) {
        become_auditd_child(pair[1], out, err);
        execve(argv[0], argv.data(), empty_environment);
        _exit(127);
    }
    ::close(pair[1]);
    ::close(out);
    ::close(err);
    input_ = pair[0];
}

PluginProcess::~PluginProcess() {
    if (input_ >= 0) ::close(input_);
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void PluginProcess::write_record(std::string_view line) {
    std::string record(line);
    record.push_back('\n');
    size_t done = 0;
    while (done < record.size()) {
        ssize_t n = ::write(input_, record.data() + done, record.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("write to plugin");
        done += static_cast<size_t>(n);
    }
}

void PluginProcess::close_input() {
    if (input_ >= 0) ::close(input_);
    input_ = -1;
}

void PluginProcess::signal(int sig) {
    if (::kill(pid_, sig) != 0) fail("kill");
}

int PluginProcess::wait_exit(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::vector<std::string> PluginProcess::stdout_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(read_text_file(dir_.file("stdout")));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string PluginProcess::stderr_text() const { return read_text_file(dir_.file("stderr")); }

bool PluginProcess::wait_for_lines(size_t count, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        if (stdout_lines().size() >= count) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

bool PluginProcess::wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        if (stderr_text().find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

}  // namespace audisp_ima::test

// audisp-ima: auditd plugin that turns IMA measurements and execve audit events into one SIEM
// message per execution. Started by auditd from /etc/audit/plugins.d with the dispatcher stream
// on stdin; can also read a saved audit.log with --input.
#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "formatters/formatter.h"
#include "plugin/cli_options.h"
#include "plugin/input_loop.h"
#include "plugin/pipeline.h"
#include "plugin/sink.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;

void request_stop(int) { g_stop = 1; }
void ignore_reload(int) {}

// auditd 3.0.9 starts plugins with every signal ignored and, after a restart, TERM/HUP/USR1/USR2
// blocked; both survive exec, so set our own dispositions and clear the mask.
void install_signal_handlers() {
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: poll() must return EINTR so the loop sees the flag
    action.sa_handler = request_stop;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    // auditd forwards its reloads as SIGHUP; its default action would kill us.
    action.sa_handler = ignore_reload;
    sigaction(SIGHUP, &action, nullptr);
    action.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

std::string host_name() {
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0) return {};
    return buffer;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace audisp_ima;
    CliOptions options;
    try {
        options = parse_cli(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const CliError& error) {
        std::fprintf(stderr, "audisp-ima: %s\n", error.what());
        return 2;
    }
    if (options.help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (options.version) {
        std::printf("audisp-ima %s\n", AUDISP_IMA_VERSION);
        return 0;
    }

    try {
        install_signal_handlers();
        int fd = 0;
        if (options.input) {
            fd = ::open(options.input->c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                std::fprintf(stderr, "audisp-ima: cannot open %s: %s\n", options.input->c_str(), std::strerror(errno));
                return 1;
            }
        }
        bool to_syslog = options.output == "syslog";
        auto sink = to_syslog ? make_syslog_sink(options.syslog_facility, options.syslog_priority) : make_stdout_sink();
        // Under auditd stderr is /dev/null: with the syslog sink, diagnostics go to syslog too.
        auto report = [to_syslog](int priority, const std::string& message) {
            std::fprintf(stderr, "audisp-ima: %s\n", message.c_str());
            if (to_syslog) syslog(priority, "%s", message.c_str());
        };
        auto diagnostic = [report](const std::string& message) { report(LOG_WARNING, message); };
        PipelineOptions pipeline_options;
        pipeline_options.hash_cache_size = options.hash_cache_size;
        pipeline_options.source.join_timeout = options.join_timeout;
        Pipeline pipeline(make_formatter(options.format, FormatterOptions{host_name()}), std::move(sink), diagnostic,
                          pipeline_options);

        run_input_loop(fd, pipeline, g_stop);
        pipeline.flush();
        report(LOG_NOTICE, pipeline.summary());
        if (fd != 0) ::close(fd);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "audisp-ima: fatal: %s\n", error.what());
        return 1;
    }
}

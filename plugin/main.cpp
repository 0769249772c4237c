// audisp-ima: auditd plugin that turns IMA measurements and execve audit events into one SIEM
// message per execution. Started by auditd from /etc/audit/plugins.d with the dispatcher stream
// on stdin; can also read a saved audit.log with --input.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "plugin/cli_options.h"
#include "plugin/config_file.h"
#include "plugin/diagnostics.h"
#include "plugin/input.h"
#include "plugin/input_files.h"
#include "plugin/load_settings.h"
#include "plugin/runtime.h"
#include "plugin/setting_keys.h"
#include "plugin/signals.h"

namespace {

std::string host_name() {
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0) return {};
    return buffer;
}

// --check-config: exit 0 and print the settings that would be used, or exit 1 with every error.
int check_config(const audisp_ima::CliOptions& cli) {
    using namespace audisp_ima;
    CliOptions checked = cli;
    checked.config_path = cli.check_config;
    try {
        Settings settings = load_settings(checked);
        std::printf("%s: OK\n", cli.check_config->c_str());
        for (const auto& key : setting_keys())
            std::printf("%s = %s\n", std::string(key.name).c_str(), setting_value(settings, key.name).c_str());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace audisp_ima;
    CliOptions cli;
    try {
        cli = parse_cli(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const CliError& error) {
        std::fprintf(stderr, "audisp-ima: %s\n", error.what());
        return 2;
    }
    if (cli.help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (cli.version) {
        std::printf("audisp-ima %s\n", AUDISP_IMA_VERSION);
        return 0;
    }
    if (cli.check_config) return check_config(cli);

    Settings settings;
    try {
        settings = load_settings(cli);
    } catch (const std::exception& error) {
        Diagnostics(true).error(std::string("cannot start: ") + error.what());
        return 1;
    }
    Diagnostics diagnostics(settings.output == OutputKind::syslog);
    try {
        take_over_signals();
        Runtime runtime(cli, settings, diagnostics, host_name());
        if (cli.inputs.empty()) {
            FdInput auditd(STDIN_FILENO);
            return runtime.run(auditd);
        }
        // Opened here, before the runtime gives up its privileges.
        InputFiles files(cli.inputs, [&](const std::string& problem) { runtime.input_problem(problem); });
        if (files.failures() == cli.inputs.size()) return 1;  // nothing to read: each said why
        return runtime.run(files, &files);
    } catch (const std::exception& error) {
        diagnostics.error(std::string("fatal: ") + error.what());
        return 1;
    }
}

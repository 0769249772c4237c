// Command-line options. Every setting key can be given as --key-name VALUE (or
// --key-name=VALUE) and overrides the config file, so tests and users can run without one.
// auditd passes the plugins.d "args" as argv[1..2]: a bare argument is the config file.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plugin/settings.h"

namespace audisp_ima {

struct CliOptions {
    std::optional<std::string> config_path;   // --config FILE, or a bare argument
    std::optional<std::string> check_config;  // --check-config FILE: validate, print, exit
    // --input FILE, repeatable: saved audit logs (plain or .gz; "-" is stdin) instead of auditd's stream.
    std::vector<std::string> inputs;
    // Setting keys (config-file spelling) and values, in command-line order; already validated.
    std::vector<std::pair<std::string, std::string>> overrides;
    bool help = false;
    bool version = false;
};

class CliError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws CliError with a message naming the bad option.
CliOptions parse_cli(const std::vector<std::string>& args);
std::string usage_text();

// The command-line overrides applied on top of `base` (defaults or the config file's settings).
Settings apply_overrides(const CliOptions& options, Settings base);

}  // namespace audisp_ima

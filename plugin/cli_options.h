// Command-line options. Every option has a default so the plugin runs with none, as auditd
// starts it.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace audisp_ima {

struct CliOptions {
    std::string format = "json";     // json | cef
    std::string output = "syslog";   // syslog | stdout
    std::optional<std::string> input;  // read this saved audit.log instead of stdin
    int syslog_facility = 1 << 3;    // LOG_USER, as audisp-syslog
    int syslog_priority = 6;         // LOG_INFO
    size_t hash_cache_size = 16384;
    std::chrono::seconds join_timeout{2};
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

}  // namespace audisp_ima

#include "plugin/cli_options.h"

#include "plugin/setting_keys.h"

namespace audisp_ima {
namespace {

std::string option_name(std::string_view key) {
    std::string name = "--";
    for (char c : key) name.push_back(c == '_' ? '-' : c);
    return name;
}

// Older spellings kept so existing command lines and plugins.d args keep working.
std::string_view alias(std::string_view option) {
    if (option == "--facility") return "--syslog-facility";
    if (option == "--priority") return "--syslog-priority";
    return option;
}

const SettingKey* key_for_option(std::string_view option) {
    for (const auto& key : setting_keys())
        if (option_name(key.name) == option) return &key;
    return nullptr;
}

}  // namespace

std::string usage_text() {
    Settings defaults;
    std::string text =
        "Usage: audisp-ima [CONFIG_FILE] [OPTIONS]\n"
        "Reads the auditd dispatcher stream (format = string) on stdin, or a saved audit.log,\n"
        "and writes one SIEM message per process execution and per IMA integrity record.\n\n"
        "  CONFIG_FILE, --config FILE   read settings from FILE (key = value; see audisp-ima.conf)\n"
        "  --check-config FILE          validate FILE, print the resulting settings, exit 0 or 1\n"
        "  --input FILE                 read a saved audit log instead of auditd's stream (read only);\n"
        "                               repeat for several, read in order; .gz read as such; - is stdin\n"
        "  --help, --version\n\n"
        "Settings (override the config file; default in brackets):\n";
    for (const auto& key : setting_keys()) {
        std::string line = "  " + option_name(key.name) + " " + std::string(key.value_syntax);
        if (line.size() < 60) line.resize(60, ' ');
        else line += "\n" + std::string(60, ' ');
        text += line + std::string(key.description) + " [" + setting_value(defaults, key.name) + "]\n";
    }
    text += "\nSignals: SIGTERM/SIGINT flush and exit, SIGHUP re-reads the config file, SIGUSR1 writes statistics.\n";
    return text;
}

CliOptions parse_cli(const std::vector<std::string>& args) {
    CliOptions options;
    Settings scratch;  // overrides are checked here, so a bad value fails before anything starts
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::string_view value;
        bool has_inline_value = false;
        if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline_value = true;
        }
        auto next = [&]() -> std::string {
            if (has_inline_value) return std::string(value);
            if (i + 1 >= args.size()) throw CliError(std::string(arg) + ": missing value");
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") options.help = true;
        else if (arg == "--version") options.version = true;
        else if (arg == "--config" || arg == "--check-config") {
            std::string path = next();
            if (path.empty()) throw CliError(std::string(arg) + ": empty file name");
            auto& slot = arg == "--config" ? options.config_path : options.check_config;
            if (slot) throw CliError("more than one config file: '" + *slot + "' and '" + path + "'");
            slot = std::move(path);
        }
        else if (arg == "--input") {
            options.inputs.push_back(next());
            if (options.inputs.back().empty()) throw CliError("--input: empty file name");
        } else if (arg.substr(0, 1) != "-" && !arg.empty()) {
            if (options.config_path) throw CliError("more than one config file: '" + *options.config_path + "' and '" +
                                                    std::string(arg) + "'");
            options.config_path = std::string(arg);
        } else if (const SettingKey* key = key_for_option(alias(arg))) {
            std::string v = next();
            try {
                apply_setting(scratch, key->name, v);
            } catch (const SettingError& error) {
                // "format: bad value ..." reads "--format: bad value ..." on the command line.
                std::string_view reason = error.what();
                if (reason.substr(0, key->name.size()) == key->name) reason.remove_prefix(key->name.size());
                throw CliError(std::string(alias(arg)) + std::string(reason));
            }
            options.overrides.emplace_back(std::string(key->name), std::move(v));
        } else {
            throw CliError("unknown option '" + std::string(args[i]) + "' (see --help)");
        }
    }
    return options;
}

Settings apply_overrides(const CliOptions& options, Settings base) {
    for (const auto& [key, value] : options.overrides) apply_setting(base, key, value);
    return base;
}

}  // namespace audisp_ima

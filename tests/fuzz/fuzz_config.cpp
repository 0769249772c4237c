// libFuzzer target: the config file and the command line. Bad input may only ever become the
// project's own error (a message for the operator), never a crash or a stray exception; and
// what is accepted must print (as --check-config does) and read back to the same settings.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "plugin/cli_options.h"
#include "plugin/config_file.h"
#include "plugin/setting_keys.h"
#include "tests/fuzz/fuzz_check.h"

using namespace audisp_ima;

namespace {

std::string printed(const Settings& settings) {
    std::string text;
    for (const SettingKey& key : setting_keys())
        text.append(key.name).append(" = ").append(setting_value(settings, key.name)).push_back('\n');
    return text;
}

void round_trip(const Settings& settings) {
    std::string text = printed(settings);
    try {
        Settings again = parse_config_text(text, "printed", Settings{});
        fuzz::require(printed(again) == text, "accepted settings read back the same", text);
    } catch (const ConfigError& error) {
        fuzz::broken("accepted settings, printed, are accepted again", std::string(error.what()) + "\n" + text);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.empty()) return 0;
    if (input[0] & 1) {
        try {
            round_trip(parse_config_text(input.substr(1), "fuzz.conf", Settings{}));
        } catch (const ConfigError&) {
        }
        return 0;
    }
    // Arguments separated by NUL, as the kernel hands them to main().
    std::vector<std::string> args;
    size_t at = 1;
    while (at <= input.size()) {
        size_t end = input.find('\0', at);
        if (end == std::string_view::npos) end = input.size();
        args.emplace_back(input.substr(at, end - at));
        at = end + 1;
    }
    try {
        CliOptions options = parse_cli(args);
        round_trip(apply_overrides(options, Settings{}));
    } catch (const CliError&) {
    } catch (const SettingError&) {
    }
    return 0;
}

// conf/plugins.d/audisp-ima.conf read the way auditd 3.0.9's audispd-pconfig.c reads it
// (audit-userspace v3.0.9, audisp/audispd-pconfig.c and docs/auditd-plugins.5): lines end in '\n' (a last line without one is
// dropped), at most 160 bytes, '#' comments, tokens split on single spaces only, "name = value"
// with '=' as its own token, at most two values for args, known keys only.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_on_single_spaces(const std::string& line) {
    std::vector<std::string> tokens;
    std::string token;
    std::istringstream in(line);
    while (std::getline(in, token, ' ')) tokens.push_back(token);
    return tokens;
}

}  // namespace

TEST_CASE("plugins.d file satisfies auditd 3.0.9's parser", "[config]") {
    std::string path = std::string(AUDISP_IMA_SOURCE_DIR) + "/conf/plugins.d/audisp-ima.conf";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');

    std::map<std::string, std::vector<std::string>> settings;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.size() < 160);
        CHECK(line.find('\t') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        if (line.empty() || line[0] == '#') continue;
        auto tokens = split_on_single_spaces(line);
        REQUIRE(tokens.size() >= 3);
        CHECK(tokens[1] == "=");
        for (const auto& token : tokens) CHECK_FALSE(token.empty());  // a double space makes an empty token
        CHECK(settings.count(tokens[0]) == 0);
        settings[tokens[0]] = std::vector<std::string>(tokens.begin() + 2, tokens.end());
    }
    const std::vector<std::string> known{"active", "direction", "path", "type", "args", "format"};
    for (const auto& [key, values] : settings) {
        INFO(key);
        CHECK(std::find(known.begin(), known.end(), key) != known.end());
        CHECK(values.size() <= (key == "args" ? 2u : 1u));
    }
    CHECK(settings["active"] == std::vector<std::string>{"yes"});
    CHECK(settings["direction"] == std::vector<std::string>{"out"});
    CHECK(settings["path"] == std::vector<std::string>{"/usr/sbin/audisp-ima"});
    CHECK(settings["type"] == std::vector<std::string>{"always"});
    CHECK(settings["format"] == std::vector<std::string>{"string"});
    CHECK(settings["args"] == std::vector<std::string>{"/etc/audit/audisp-ima.conf"});
}

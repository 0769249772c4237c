#include "plugin/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "plugin/setting_keys.h"

namespace audisp_ima {
namespace {

constexpr size_t kMaxFileSize = 1 << 20;  // a config file is a few KiB; refuse to slurp a device

std::string_view trim(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

std::string read_all(int fd, const std::string& path) {
    std::string text;
    char buffer[8192];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) return text;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw ConfigError(path + ": cannot read: " + std::strerror(errno));
        }
        text.append(buffer, static_cast<size_t>(n));
        if (text.size() > kMaxFileSize) throw ConfigError(path + ": larger than 1 MiB, not a config file");
    }
}

}  // namespace

Settings parse_config_text(std::string_view text, std::string_view file_name, Settings base) {
    std::string errors;
    std::map<std::string, size_t, std::less<>> seen;  // key -> line where it was set
    size_t line_number = 0;
    auto fail = [&](std::string_view message) {
        errors.append(file_name).append(":").append(std::to_string(line_number)).append(": ").append(message).append("\n");
    };
    while (!text.empty()) {
        ++line_number;
        size_t end = text.find('\n');
        std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.empty() || line.front() == '#') continue;
        size_t equals = line.find('=');
        if (equals == std::string_view::npos) {
            fail("expected 'key = value', got '" + std::string(line) + "'");
            continue;
        }
        std::string_view key = trim(line.substr(0, equals));
        std::string_view value = trim(line.substr(equals + 1));
        if (key.empty()) {
            fail("missing key before '='");
            continue;
        }
        if (value.empty()) {
            fail(std::string(key) + ": missing value after '='");
            continue;
        }
        if (auto previous = seen.find(key); previous != seen.end()) {
            fail(std::string(key) + ": already set on line " + std::to_string(previous->second));
            continue;
        }
        seen.emplace(std::string(key), line_number);  // a bad first value still makes a second one a duplicate
        try {
            apply_setting(base, key, value);
        } catch (const SettingError& error) {
            fail(error.what());
        }
    }
    if (!errors.empty()) {
        errors.pop_back();
        throw ConfigError(errors);
    }
    return base;
}

Settings load_config_file(const std::string& path, Settings base, ConfigFileRules rules) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw ConfigError(path + ": cannot open: " + std::strerror(errno));
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw ConfigError(path + ": cannot stat: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw ConfigError(path + ": not a regular file");
    if (rules.require_root_owner) {
        if (st.st_uid != 0) throw ConfigError(path + ": not owned by root (uid " + std::to_string(st.st_uid) + "), refusing it");
        if (st.st_mode & S_IWOTH) throw ConfigError(path + ": writable by everyone, refusing it (chmod o-w)");
    }
    return parse_config_text(read_all(fd, path), path, std::move(base));
}

}  // namespace audisp_ima

// A host for the hash stage made of tables: files by path with their stat, the measurement list as
// bytes built by the test, and a clock the test moves.
#pragma once

#include <cstring>
#include <map>
#include <string>

#include "enrich/hash_resolver.h"

namespace audisp_ima::test {

class FakeFiles : public FileProbe {
public:
    std::map<std::string, FileStamp> files;
    std::map<std::string, std::string> contents;  // path -> sha256 hex of what is there now
    int digests_computed = 0;
    std::optional<FileStamp> stat(const std::string& path) override {
        auto it = files.find(path);
        if (it == files.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> digest(const std::string& path, const std::string& algorithm, const FileStamp& expected,
                                      uint64_t max_bytes) override {
        ++digests_computed;
        auto file = files.find(path);
        auto content = contents.find(path);
        if (algorithm != "sha256" || file == files.end() || content == contents.end()) return std::nullopt;
        if (!(file->second == expected) || file->second.size > max_bytes) return std::nullopt;
        return content->second;
    }
};

class FakeList : public MeasurementListReader {
public:
    std::string bytes;  // everything the kernel holds
    uint64_t entries = 0;
    size_t read_at = 0;
    std::optional<uint64_t> count() override { return entries; }
    bool read_more(std::string& out) override {
        out.append(bytes, read_at);
        read_at = bytes.size();
        return true;
    }

    // One ima-ng entry as ima_measurements_show writes it (host byte order).
    void add(const std::string& path, const std::string& algorithm, const std::string& raw_digest,
             bool violation = false, const std::string& template_name = "ima-ng") {
        auto u32 = [](std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); };
        std::string digest_field = (template_name == "ima-ngv2" ? "ima:" : "") + algorithm + ":" + std::string(1, '\0') + raw_digest;
        std::string name_field = path + std::string(1, '\0');
        std::string data;
        u32(data, static_cast<uint32_t>(digest_field.size()));
        data += digest_field;
        u32(data, static_cast<uint32_t>(name_field.size()));
        data += name_field;
        u32(bytes, 10);
        bytes += violation ? std::string(20, '\0') : std::string(20, '\x5a');
        u32(bytes, static_cast<uint32_t>(template_name.size()));
        bytes += template_name;
        u32(bytes, static_cast<uint32_t>(data.size()));
        bytes += data;
        ++entries;
    }
};

// 32 raw bytes whose hex is `hex_char` repeated 64 times, e.g. raw_sha256('a') -> "aaaa…".
inline std::string raw_sha256(char hex_char) {
    int v = hex_char <= '9' ? hex_char - '0' : hex_char - 'a' + 10;
    return std::string(32, static_cast<char>(v * 17));
}

struct FakeHost {
    FakeFiles files;
    FakeList list;
    int64_t now = 0;
    LocalSystem system;
    explicit FakeHost(bool with_list = true) {
        system.files = &files;
        system.list = with_list ? &list : nullptr;
        system.now_ns = [this] { return now; };
        system.boot_time_ns = 1'000 * 1'000'000'000LL;
    }
};

inline int64_t seconds(int64_t s) { return s * 1'000'000'000; }

}  // namespace audisp_ima::test

// Cost of the hash stage's sources, without the parser: a measurement list of N entries read at
// start, then executions looked up against it, as a live plugin does (count check before each
// lookup, only what was appended read). Prints ns per execution for each source and how many
// list bytes were read in all, which must equal the list's size: the list is never re-read.
//   bench-hash-sources [--entries N] [--executions M]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include "enrich/hash_resolver.h"

using namespace audisp_ima;

namespace {

struct TableFiles : FileProbe {
    std::unordered_map<std::string, FileStamp> files;
    std::optional<FileStamp> stat(const std::string& path) override {
        auto it = files.find(path);
        if (it == files.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> digest(const std::string&, const std::string&, const FileStamp&, uint64_t) override {
        return std::nullopt;
    }
};

struct GrowingList : MeasurementListReader {
    std::string bytes;
    uint64_t entries = 0;
    size_t read_at = 0;
    uint64_t bytes_read = 0;
    std::optional<uint64_t> count() override { return entries; }
    bool read_more(std::string& out) override {
        out.append(bytes, read_at);
        bytes_read += bytes.size() - read_at;
        read_at = bytes.size();
        return true;
    }
    void add(const std::string& path, unsigned seed) {
        auto u32 = [](std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); };
        std::string digest_field = std::string("sha256:") + '\0';
        for (int i = 0; i < 32; ++i) digest_field.push_back(static_cast<char>((seed * 31 + i) & 0xff));
        std::string name = path + '\0', data;
        u32(data, static_cast<uint32_t>(digest_field.size()));
        data += digest_field;
        u32(data, static_cast<uint32_t>(name.size()));
        data += name;
        u32(bytes, 10);
        bytes += std::string(20, '\x5a');
        u32(bytes, 6);
        bytes += "ima-ng";
        u32(bytes, static_cast<uint32_t>(data.size()));
        bytes += data;
        ++entries;
    }
};

ExecEvent exec_of(const std::string& path, uint64_t inode) {
    ExecEvent exec;
    exec.syscall = SyscallRecord{};
    exec.syscall->success = true;
    exec.executable = path;
    exec.image_id = FileId{"08:01", inode};
    exec.key.sec = 2'000'000'000;
    return exec;
}

double ns_since(std::chrono::steady_clock::time_point start, uint64_t n) {
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / n;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t entries = 100000, executions = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--entries")) entries = std::strtoull(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--executions")) executions = std::strtoull(argv[i + 1], nullptr, 10);
    }
    TableFiles files;
    GrowingList list;
    for (uint64_t i = 0; i < entries; ++i) {
        std::string path = "/usr/bin/tool" + std::to_string(i);
        list.add(path, static_cast<unsigned>(i));
        files.files[path] = FileStamp{FileId{"08:01", 1000 + i}, 1, 1, 100};
    }
    int64_t now = 1'500'000'000'000'000'000;
    LocalSystem system;
    system.files = &files;
    system.list = &list;
    system.now_ns = [&] { return now; };
    system.boot_time_ns = 1'000'000'000'000'000'000;
    HashResolver resolver(HashResolverOptions{.inode_capacity = entries, .path_capacity = entries}, &system);

    auto start = std::chrono::steady_clock::now();
    resolver.follow_list();
    double start_ms = ns_since(start, 1) / 1e6;

    start = std::chrono::steady_clock::now();
    uint64_t with_hash = 0;
    for (uint64_t i = 0; i < executions; ++i) {
        uint64_t k = (i * 7919) % entries;
        ExecEvent exec = exec_of("/usr/bin/tool" + std::to_string(k), 1000 + k);
        resolver.enrich(exec);
        with_hash += exec.hash.has_value();
        if (i % 1000 == 0) {  // the list grows while the plugin runs
            std::string path = "/tmp/new" + std::to_string(i);
            list.add(path, static_cast<unsigned>(i));
            files.files[path] = FileStamp{FileId{"08:02", i}, 1, 1, 100};
            now += 1'000'000;
        }
    }
    double per_exec = ns_since(start, executions);

    ExecEvent unknown_base = exec_of("/nowhere", 1);
    start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < executions; ++i) {
        ExecEvent exec = unknown_base;
        exec.image_id->inode = 10'000'000 + i;
        resolver.enrich(exec);
    }
    double per_miss = ns_since(start, executions);

    std::printf("list entries %llu (%llu bytes): first read and bind %.1f ms\n",
                static_cast<unsigned long long>(list.entries), static_cast<unsigned long long>(list.bytes.size()), start_ms);
    std::printf("executions answered from the list: %llu of %llu, %.0f ns each (list growing by 1 per 1000)\n",
                static_cast<unsigned long long>(with_hash), static_cast<unsigned long long>(executions), per_exec);
    std::printf("executions of unknown files: %.0f ns each\n", per_miss);
    std::printf("list bytes read in all: %llu (list size %llu: %s)\n", static_cast<unsigned long long>(list.bytes_read),
                static_cast<unsigned long long>(list.bytes.size()),
                list.bytes_read == list.bytes.size() ? "never re-read" : "RE-READ");
    return list.bytes_read == list.bytes.size() ? 0 : 1;
}

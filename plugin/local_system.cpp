#include "plugin/local_system.h"

#include "parser/field_value.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>

#include <sstream>
#include <stdexcept>
#include <utility>

namespace audisp_ima {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::string read_small_file(const char* path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text, '\0');
    return text;
}

}  // namespace

namespace {

FileStamp stamp_of(const struct stat& st) {
    char dev[32];
    // As the kernel writes dev= in PATH records: "%02x:%02x" of major and minor.
    std::snprintf(dev, sizeof dev, "%02x:%02x", major(st.st_dev), minor(st.st_dev));
    FileStamp stamp;
    stamp.id = FileId{dev, static_cast<uint64_t>(st.st_ino)};
    stamp.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    stamp.size = static_cast<uint64_t>(st.st_size);
    return stamp;
}

// IMA's names (hash_algo_name[] in the kernel) where OpenSSL's differ.
const char* openssl_name(const std::string& ima) {
    if (ima == "rmd160") return "ripemd160";
    if (ima == "wp512") return "whirlpool";
    return ima.c_str();
}

struct FdCloser {
    void operator()(int* fd) const {
        ::close(*fd);
        delete fd;
    }
};

}  // namespace

std::optional<FileStamp> StatFileProbe::stat(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return stamp_of(st);
}

std::optional<std::string> StatFileProbe::digest(const std::string& path, const std::string& algorithm,
                                                 const FileStamp& expected, uint64_t max_bytes) {
    if (expected.size > max_bytes) return std::nullopt;
    if (!digests_.available()) {
        if (on_unavailable_) std::exchange(on_unavailable_, nullptr)(digests_.failure());  // said once
        return std::nullopt;
    }
    int raw_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
    if (raw_fd < 0) return std::nullopt;
    std::unique_ptr<int, FdCloser> fd(new int(raw_fd));
    struct stat before {};
    if (::fstat(raw_fd, &before) != 0 || !S_ISREG(before.st_mode) || !(stamp_of(before) == expected)) return std::nullopt;
    auto value = digests_.digest(openssl_name(algorithm), [raw_fd](char* buffer, size_t size) -> long {
        for (;;) {
            ssize_t n = ::read(raw_fd, buffer, size);
            if (n >= 0 || errno != EINTR) return static_cast<long>(n);
        }
    });
    if (!value) return std::nullopt;
    // Changed while read: the digest is of no one version of the file.
    struct stat after {};
    if (::fstat(raw_fd, &after) != 0 || !(stamp_of(after) == expected)) return std::nullopt;
    return value;
}

std::unique_ptr<KernelMeasurementList> KernelMeasurementList::open(std::string& why) {
    for (const char* dir : {"/sys/kernel/security/ima", "/sys/kernel/security/integrity/ima"}) {
        std::string list = std::string(dir) + "/binary_runtime_measurements";
        int fd = ::open(list.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            why = list + ": " + errno_text();
            continue;
        }
        std::string count = std::string(dir) + "/runtime_measurements_count";
        int count_fd = ::open(count.c_str(), O_RDONLY | O_CLOEXEC);
        return std::unique_ptr<KernelMeasurementList>(new KernelMeasurementList(fd, count_fd, list));
    }
    return nullptr;
}

KernelMeasurementList::~KernelMeasurementList() {
    ::close(list_fd_);
    if (count_fd_ >= 0) ::close(count_fd_);
}

std::optional<uint64_t> KernelMeasurementList::count() {
    if (count_fd_ < 0) return std::nullopt;
    char text[32];
    ssize_t n = ::pread(count_fd_, text, sizeof text - 1, 0);
    if (n <= 0) return std::nullopt;
    text[n] = '\0';
    char* end = nullptr;
    unsigned long long value = std::strtoull(text, &end, 10);
    if (end == text) return std::nullopt;
    return value;
}

bool KernelMeasurementList::read_more(std::string& out) {
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(list_fd_, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<size_t>(n));
            continue;
        }
        if (n == 0) return true;
        if (errno == EINTR) continue;
        return false;
    }
}

std::string current_boot_id() {
    std::string id = read_small_file("/proc/sys/kernel/random/boot_id");
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    return id;
}

HostFacts read_host_facts(const std::string& hostname) {
    HostFacts facts;
    facts.name = hostname;
    facts.os_type = "linux";
    facts.id = machine_id_from(read_small_file("/etc/machine-id"));
    // os-release(5): /etc first, the vendor's copy under /usr/lib when /etc has none.
    std::string os_release = read_small_file("/etc/os-release");
    if (os_release.empty()) os_release = read_small_file("/usr/lib/os-release");
    read_os_release(os_release, facts);
    utsname names{};
    if (::uname(&names) == 0) facts.kernel = names.release;
    return facts;
}

int64_t boot_time_ns() {
    std::ifstream in("/proc/stat");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("btime ", 0) == 0) return std::strtoll(line.c_str() + 6, nullptr, 10) * 1'000'000'000;
    }
    return 0;
}

int64_t realtime_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

namespace {

// The file's text; nullopt when it does not exist.
std::optional<std::string> read_state_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return std::nullopt;
        throw std::runtime_error(path + ": " + errno_text());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

template <typename Parse>
auto parse_state_file(const std::string& path, Parse parse) -> std::optional<decltype(parse(std::string()))> {
    auto text = read_state_file(path);
    if (!text) return std::nullopt;
    try {
        return parse(*text);
    } catch (const std::runtime_error& error) {
        throw std::runtime_error(path + ": " + error.what());
    }
}

// Written to PATH.tmp and renamed over PATH, so a crash leaves the old file or the new, whole.
void write_state_file(const std::string& path, const std::string& text) {
    auto slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
        std::string dir = path.substr(0, slash);
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw std::runtime_error(dir + ": " + errno_text());
    }
    std::string temporary = path + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error(temporary + ": " + errno_text());
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string why = errno_text();
            ::close(fd);
            ::unlink(temporary.c_str());
            throw std::runtime_error(temporary + ": " + why);
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
        std::string why = errno_text();
        ::unlink(temporary.c_str());
        throw std::runtime_error(path + ": " + why);
    }
}

}  // namespace

std::optional<HashState> load_hash_state(const std::string& path) { return parse_state_file(path, parse_hash_state); }

void save_hash_state(const std::string& path, const HashState& state) {
    write_state_file(path, serialize_hash_state(state));
}

std::string process_state_path(const std::string& hash_state_path) {
    auto slash = hash_state_path.rfind('/');
    return (slash == std::string::npos ? std::string() : hash_state_path.substr(0, slash + 1)) + "processes.state";
}

std::optional<ProcessState> load_process_state(const std::string& path) {
    return parse_state_file(path, parse_process_state);
}

void save_process_state(const std::string& path, const ProcessState& state) {
    write_state_file(path, serialize_process_state(state));
}

}  // namespace audisp_ima

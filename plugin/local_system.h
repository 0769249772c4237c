// The running host as the hash stage sees it (enrich/file_probe.h): stat of files, IMA's
// measurement list in securityfs, boot id and boot time, and the state file kept across restarts.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "enrich/file_probe.h"
#include "enrich/hash_state.h"
#include "enrich/host_facts.h"
#include "enrich/process_state.h"
#include "plugin/libcrypto_digests.h"

namespace audisp_ima {

class StatFileProbe : public FileProbe {
public:
    // `on_unavailable` hears, once, why libcrypto could not be loaded for the first digest.
    // `soname`: another library to load instead of libcrypto (tests of the failure).
    explicit StatFileProbe(std::function<void(const std::string&)> on_unavailable = {},
                           const char* soname = LibcryptoDigests::kSoname)
        : digests_(soname), on_unavailable_(std::move(on_unavailable)) {}

    std::optional<FileStamp> stat(const std::string& path) override;
    // OpenSSL's digests under IMA's algorithm names; a regular file only, opened without
    // following a last symlink and without blocking (a FIFO put there stays unread).
    std::optional<std::string> digest(const std::string& path, const std::string& algorithm,
                                      const FileStamp& expected, uint64_t max_bytes) override;

private:
    LibcryptoDigests digests_;
    std::function<void(const std::string&)> on_unavailable_;
};

// IMA's binary list, kept open: reading on from where the last read ended returns only what was
// appended since, so the list is never read whole again. The entry count file tells, for the cost
// of one small read, whether anything was appended.
class KernelMeasurementList : public MeasurementListReader {
public:
    // The first of the known places (newer kernels: securityfs integrity/ima, with ima linked to
    // it) whose list can be opened; nullptr and `why` set when none can.
    static std::unique_ptr<KernelMeasurementList> open(std::string& why);
    ~KernelMeasurementList() override;

    std::optional<uint64_t> count() override;
    bool read_more(std::string& out) override;
    const std::string& path() const { return list_path_; }

private:
    KernelMeasurementList(int list_fd, int count_fd, std::string path)
        : list_fd_(list_fd), count_fd_(count_fd), list_path_(std::move(path)) {}
    int list_fd_;
    int count_fd_;
    std::string list_path_;
};

std::string current_boot_id();       // empty when unknown
// The host's identity for enrich/host_stage: machine id, os-release, kernel release; what cannot
// be read stays empty.
HostFacts read_host_facts(const std::string& hostname);
int64_t boot_time_ns();              // CLOCK_REALTIME at boot, rounded down to the second; 0 if unknown
int64_t realtime_ns();

// nullopt when the file does not exist; throws std::runtime_error when it cannot be read or parsed.
std::optional<HashState> load_hash_state(const std::string& path);
// Written to a temporary file beside it and renamed over it, mode 0600; the directory is made
// (0700) when missing. Throws std::runtime_error with the reason.
void save_hash_state(const std::string& path, const HashState& state);
// The process table's file: processes.state in the hash state file's directory.
std::string process_state_path(const std::string& hash_state_path);
std::optional<ProcessState> load_process_state(const std::string& path);  // as load_hash_state
void save_process_state(const std::string& path, const ProcessState& state);

}  // namespace audisp_ima

// IMA's binary runtime measurement list (/sys/kernel/security/ima/binary_runtime_measurements),
// parsed as it grows. Layout (linux-integrity ima-doc event-log-format; kernel
// security/integrity/ima/ima_fs.c ima_measurements_show), integers in the host's byte order:
//   u32 pcr | 20-byte template digest (all zero: a measurement violation) | u32 name length | name
//   | u32 data length | data
// where data, for the templates named below, is a run of (u32 length, bytes) fields. The binary
// list is read rather than the ASCII one because the ASCII list prints file names raw, so a name
// holding a newline or a space cannot be told apart there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ima_record.h"

namespace audisp_ima {

struct ListEntry {
    uint64_t index = 0;  // position in the list, from 0 (boot_aggregate)
    std::string path;  // n-ng: the name the kernel measured the file under
    std::optional<FileHash> hash;  // absent for a violation
    bool violation = false;        // the file was open for writing (ToMToU, open writers)
};

struct ListCounters {
    uint64_t entries = 0;      // every entry read
    uint64_t files = 0;        // entries that name a file with its digest
    uint64_t violations = 0;
    uint64_t skipped = 0;      // boot_aggregate, buffers (ima-buf), fs-verity digests, legacy or unknown templates
};

class MeasurementListParser {
public:
    // Consumes every complete entry at the front of `buffer`, appending the file entries to `out`.
    // A partial entry stays in `buffer` for the next call. Returns false (and stops for good)
    // when the bytes cannot be an IMA list: then `error()` says why.
    bool parse(std::string& buffer, std::vector<ListEntry>& out);

    const ListCounters& counters() const { return counters_; }
    const std::string& error() const { return error_; }

private:
    bool parse_entry(std::string_view entry_data, std::string_view template_name, bool violation,
                     std::vector<ListEntry>& out);
    uint32_t u32(const char* p) const;

    ListCounters counters_;
    std::optional<bool> swapped_;  // decided on the first entry: a list copied from another-endian host
    std::string error_;
};

}  // namespace audisp_ima

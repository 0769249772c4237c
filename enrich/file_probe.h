// What the hash stages may ask of the running system: the identity and change times of a file,
// the list of IMA's measurements, the clock. An interface, so tests replace the system with a
// table and a saved log from another host is never checked against this one's files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "parser/exec_event.h"

namespace audisp_ima {

// stat(2) of a path, reduced to what tells whether a file is still the one once measured.
struct FileStamp {
    FileId id;
    int64_t ctime_ns = 0;  // changes on every write, rename, link and chmod of the inode
    int64_t mtime_ns = 0;
    uint64_t size = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

class FileProbe {
public:
    virtual ~FileProbe() = default;
    virtual std::optional<FileStamp> stat(const std::string& path) = 0;
};

// The kernel's runtime measurement list, read as it grows: it is append-only until reboot.
class MeasurementListReader {
public:
    virtual ~MeasurementListReader() = default;
    // How many entries the kernel holds now (runtime_measurements_count), or nullopt.
    virtual std::optional<uint64_t> count() = 0;
    // Appends whatever the list holds past what was read before; false on a read error.
    virtual bool read_more(std::string& out) = 0;
};

}  // namespace audisp_ima

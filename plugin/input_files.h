// Saved audit logs read by hand (--input, repeatable), one after the other as one stream: plain
// or gzip-compressed (rotated logs, audit.log.1.gz), told apart by their first bytes, not their
// names; "-" is stdin, read as it comes (tail -f | audisp-ima --input -). A file that cannot be
// opened or decompressed is reported and counted, and the others are still read; a file whose
// last line has no newline gets one, so that line cannot swallow the next file's first record.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plugin/input.h"

struct gzFile_s;

namespace audisp_ima {

class InputFiles final : public Input {
public:
    using Report = std::function<void(const std::string&)>;

    // Opens every file now, while the plugin still holds its privileges; `report` hears each
    // file that cannot be opened (and, later, read).
    InputFiles(const std::vector<std::string>& paths, Report report);
    ~InputFiles() override;
    InputFiles(const InputFiles&) = delete;
    InputFiles& operator=(const InputFiles&) = delete;

    int poll_fd() const override;
    ssize_t read(char* into, size_t size) override;

    // Files that could not be opened or read to their end.
    uint64_t failures() const { return failures_; }
    // The input's size in bytes as stored (compressed for .gz), when every file is a regular
    // file; the progress meter's "of" and time left.
    std::optional<uint64_t> total_bytes() const { return total_; }
    // Bytes of that size consumed so far.
    uint64_t done_bytes() const;

private:
    struct File {
        std::string path;
        int fd = -1;
        bool from_stdin = false;
        uint64_t size = 0;  // regular files: st_size when opened
    };
    void close_current(bool completed);
    ssize_t read_current(char* into, size_t size);

    Report report_;
    std::vector<File> files_;
    size_t current_ = 0;
    gzFile_s* gz_ = nullptr;       // the current regular file, through zlib (plain files pass through)
    bool ends_with_newline_ = true;  // of the current file's bytes so far (true while empty)
    bool exhausted_ = false;         // the current file has ended (completed_: at its real end)
    bool completed_ = true;
    uint64_t stdin_bytes_ = 0;       // read from stdin, whose size is not known
    uint64_t finished_bytes_ = 0;    // sizes of the files done
    uint64_t failures_ = 0;
    std::optional<uint64_t> total_;
};

}  // namespace audisp_ima

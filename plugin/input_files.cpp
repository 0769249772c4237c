#include "plugin/input_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace audisp_ima {

InputFiles::InputFiles(const std::vector<std::string>& paths, Report report) : report_(std::move(report)) {
    total_ = 0;
    for (const auto& path : paths) {
        File file;
        file.path = path;
        if (path == "-") {
            file.fd = STDIN_FILENO;
            file.from_stdin = true;
            file.path = "stdin";
        } else {
            file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
            if (file.fd < 0) {
                report_("cannot open " + path + ": " + std::strerror(errno));
                ++failures_;
                continue;
            }
        }
        struct stat st{};
        if (::fstat(file.fd, &st) != 0 || S_ISDIR(st.st_mode)) {
            report_("cannot read " + file.path + ": " + (S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno)));
            if (!file.from_stdin) ::close(file.fd);
            ++failures_;
            continue;
        }
        if (S_ISREG(st.st_mode) && !file.from_stdin) file.size = static_cast<uint64_t>(st.st_size);
        else total_.reset();  // a pipe or a terminal: its size is not known in advance
        if (total_) *total_ += file.size;
        files_.push_back(std::move(file));
    }
}

InputFiles::~InputFiles() {
    while (current_ < files_.size()) {
        close_current(true);
        ++current_;
    }
}

int InputFiles::poll_fd() const {
    // Past the last file read() has returned 0 and the loop has ended; -1 is ignored by poll.
    return current_ < files_.size() ? files_[current_].fd : -1;
}

uint64_t InputFiles::done_bytes() const {
    uint64_t done = finished_bytes_;
    if (current_ < files_.size()) {
        if (gz_) done += static_cast<uint64_t>(std::max<z_off_t>(gzoffset(gz_), 0));
        else if (files_[current_].from_stdin) done += stdin_bytes_;
    }
    return done;
}

ssize_t InputFiles::read_current(char* into, size_t size) {
    File& file = files_[current_];
    if (file.from_stdin) {
        ssize_t n = ::read(file.fd, into, size);
        if (n > 0) stdin_bytes_ += static_cast<uint64_t>(n);
        if (n < 0 && errno != EINTR && errno != EAGAIN) report_("cannot read stdin: " + std::string(std::strerror(errno)));
        return n;
    }
    if (!gz_) {
        gz_ = gzdopen(file.fd, "rb");
        if (!gz_) {
            report_("cannot read " + file.path + ": out of memory");
            errno = ENOMEM;
            return -1;
        }
        gzbuffer(gz_, 64 * 1024);  // zlib keeps this for input and twice it for output
    }
    int n = gzread(gz_, into, static_cast<unsigned>(std::min<size_t>(size, INT_MAX)));
    int error = Z_OK;
    const char* why = gzerror(gz_, &error);
    // A truncated .gz (a rotation caught half written) ends quietly in gzread: its data come out,
    // then 0, and only gzerror says the stream stopped short.
    if (n < 0 || (n == 0 && error == Z_BUF_ERROR)) {
        std::string reason = error == Z_ERRNO ? std::strerror(errno) : why;
        // zlib names a descriptor it was given "<fd:N>: "; the path is said already.
        if (reason.rfind("<fd:", 0) == 0 && reason.find(": ") != std::string::npos) reason.erase(0, reason.find(": ") + 2);
        report_("cannot read " + file.path + " to its end: " + reason + " (stopped after " +
                std::to_string(std::max<z_off_t>(gzoffset(gz_), 0)) + " of " + std::to_string(file.size) +
                " bytes; what came before is kept)");
        errno = EIO;
        return -1;
    }
    return n;
}

ssize_t InputFiles::read(char* into, size_t size) {
    if (size == 0) return 0;
    while (current_ < files_.size()) {
        if (!exhausted_) {
            ssize_t n = read_current(into, size);
            if (n > 0) {
                ends_with_newline_ = into[n - 1] == '\n';
                return n;
            }
            if (n < 0 && (errno == EINTR || errno == EAGAIN) && files_[current_].from_stdin) return -1;
            exhausted_ = true;
            completed_ = n == 0;
        }
        if (!ends_with_newline_) {
            ends_with_newline_ = true;
            into[0] = '\n';
            return 1;
        }
        close_current(completed_);
        ++current_;
        exhausted_ = false;
    }
    return 0;
}

void InputFiles::close_current(bool completed) {
    File& file = files_[current_];
    if (gz_) {
        gzclose(gz_);  // closes the descriptor too
        gz_ = nullptr;
    } else if (!file.from_stdin && file.fd >= 0) {
        ::close(file.fd);
    }
    file.fd = -1;
    finished_bytes_ += file.from_stdin ? stdin_bytes_ : file.size;
    stdin_bytes_ = 0;
    if (!completed) ++failures_;
}

}  // namespace audisp_ima

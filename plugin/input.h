// Where the reader thread's bytes come from: auditd's socket on stdin, or saved logs read by
// hand (plugin/input_files.h). The loop polls poll_fd() and then reads; read() returns 0 only at
// the end of all input.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>

namespace audisp_ima {

class Input {
public:
    virtual ~Input() = default;
    virtual int poll_fd() const = 0;
    // Bytes read, 0 at the end, or -1 with errno set (EINTR and EAGAIN are retried by the loop).
    virtual ssize_t read(char* into, size_t size) = 0;
};

// A descriptor read as it is: auditd's socket, where each read returns what has arrived.
class FdInput final : public Input {
public:
    explicit FdInput(int fd) : fd_(fd) {}
    int poll_fd() const override { return fd_; }
    ssize_t read(char* into, size_t size) override { return ::read(fd_, into, size); }

private:
    int fd_;
};

}  // namespace audisp_ima

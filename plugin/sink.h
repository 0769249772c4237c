// Where finished messages go. One call per message; the message has no trailing newline.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace audisp_ima {

class Sink {
public:
    virtual ~Sink() = default;
    virtual void write(std::string_view message) = 0;
    // Push out anything buffered (called when input goes quiet and at exit).
    virtual void flush() {}
};

// Newline-terminated lines on stdout, buffered.
std::unique_ptr<Sink> make_stdout_sink();
// syslog(3) with ident "audisp-ima".
std::unique_ptr<Sink> make_syslog_sink(int facility, int priority);

}  // namespace audisp_ima

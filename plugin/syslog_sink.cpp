#include <syslog.h>

#include <string>

#include "plugin/sink.h"

namespace audisp_ima {
namespace {

class SyslogSink final : public Sink {
public:
    SyslogSink(int facility, int priority) : priority_(priority) {
        // LOG_NDELAY: connect now, while we still may, rather than on the first event.
        openlog("audisp-ima", LOG_PID | LOG_NDELAY, facility);
    }
    ~SyslogSink() override { closelog(); }
    SyslogSink(const SyslogSink&) = delete;
    SyslogSink& operator=(const SyslogSink&) = delete;

    void write(std::string_view message) override {
        // syslog needs a C string; messages never hold NUL (formatters escape it).
        line_.assign(message);
        syslog(priority_, "%s", line_.c_str());
    }

private:
    int priority_;
    std::string line_;
};

}  // namespace

std::unique_ptr<Sink> make_syslog_sink(int facility, int priority) {
    return std::make_unique<SyslogSink>(facility, priority);
}

}  // namespace audisp_ima

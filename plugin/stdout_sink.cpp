#include <cerrno>
#include <cstdio>
#include <system_error>

#include "plugin/sink.h"

namespace audisp_ima {
namespace {

// For running by hand and for tests. A blocked reader of stdout holds up only the writer thread;
// the queue in front of it absorbs the input.
class StdoutSink final : public Sink {
public:
    SendResult send(std::string_view message) override {
        if (std::fwrite(message.data(), 1, message.size(), stdout) != message.size() || std::fputc('\n', stdout) == EOF)
            throw std::system_error(errno, std::generic_category(), "write to stdout");
        ++counters_.sent;
        return SendResult::sent;
    }
    void flush() override {
        if (std::fflush(stdout) != 0) throw std::system_error(errno, std::generic_category(), "write to stdout");
    }
    SinkCounters counters() const override { return counters_; }

private:
    SinkCounters counters_;
};

}  // namespace

std::unique_ptr<Sink> make_stdout_sink() { return std::make_unique<StdoutSink>(); }

}  // namespace audisp_ima

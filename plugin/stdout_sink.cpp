#include <cstdio>
#include <stdexcept>

#include "plugin/sink.h"

namespace audisp_ima {
namespace {

class StdoutSink final : public Sink {
public:
    void write(std::string_view message) override {
        if (std::fwrite(message.data(), 1, message.size(), stdout) != message.size() || std::fputc('\n', stdout) == EOF)
            throw std::runtime_error("cannot write to stdout");
    }
    void flush() override { std::fflush(stdout); }
};

}  // namespace

std::unique_ptr<Sink> make_stdout_sink() { return std::make_unique<StdoutSink>(); }

}  // namespace audisp_ima

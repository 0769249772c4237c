// libFuzzer target: the reader's whole path, as the plugin runs it — bytes cut into random reads
// -> line check -> native parser (the default source) -> assembler -> hash stage -> JSON or CEF -> fitter. Asserts what
// the plugin promises its SIEM and its operator, whatever the bytes:
//   - every message is one line, valid in its format (JSON without a repeated key; strict CEF);
//   - every message fits the size limit (one that cannot is counted as unfit, not sent);
//   - the books balance: every line is a record, malformed or blank; every record reaches an
//     event (undelivered 0); every event is emitted, filtered, ignored or counted unfit.
// The first input byte picks the format, the size limit and the read sizes.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "formatters/formatter.h"
#include "plugin/pipeline.h"
#include "tests/fuzz/fuzz_check.h"

using namespace audisp_ima;

namespace {

void check_message(const std::string& message, fuzz::MessageFormat format, size_t limit) {
    fuzz::require_valid_message(message, format);
    // One that cannot be made to fit is counted as unfit and never sent, so what is sent fits.
    fuzz::require(message.size() <= limit, "a message fits max_message_size", message.substr(0, 300));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t mode = data[0];
    std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    // Bit 0: CEF; else bit 2: LEEF; else bit 3: Sysmon XML; else bit 4: OCSF; else JSON.
    const auto format = (mode & 1)    ? fuzz::MessageFormat::cef
                        : (mode & 4)  ? fuzz::MessageFormat::leef
                        : (mode & 8)  ? fuzz::MessageFormat::sysmon
                        : (mode & 16) ? fuzz::MessageFormat::ocsf
                                      : fuzz::MessageFormat::json;
    constexpr const char* kNames[] = {"json", "cef", "leef", "sysmon", "ocsf"};
    const char* format_name = kNames[static_cast<int>(format)];
    // The smallest limit the settings allow, or the default one's message budget.
    const size_t limit = (mode & 2) ? 2048 : 8096 - 64;

    std::vector<std::string> messages;
    PipelineOptions options;
    options.max_message_size = limit;
    options.malformed_reports = 0;
    Pipeline pipeline(make_formatter(format_name, FormatterOptions{"fuzzhost"}),
                      [&](std::string&& message) { messages.push_back(std::move(message)); },
                      [](const std::string&) {}, options);

    // Reads of 1 to 256 bytes, from a tiny generator seeded by the mode byte: records split
    // anywhere, several per read.
    uint32_t state = 0x9e3779b9u ^ mode;
    for (size_t at = 0; at < stream.size();) {
        state = state * 1664525u + 1013904223u;
        size_t take = std::min<size_t>(stream.size() - at, 1 + (state >> 24));
        pipeline.feed(stream.substr(at, take));
        at += take;
    }
    pipeline.flush();

    std::vector<Counter> counters;
    pipeline.append_counters(counters);
    std::map<std::string, uint64_t> c(counters.begin(), counters.end());
    auto get = [&](const char* name) { return c.count(name) ? c[name] : 0; };

    for (const auto& message : messages) check_message(message, format, limit);
    fuzz::require(get("format_errors") == 0, "no formatter error (a key written twice, ...)");
    fuzz::require(get("records") + get("malformed") + get("blank") == fuzz::line_count(stream),
                  "every line is a record, malformed or blank");
    fuzz::require(get("undelivered") == 0, "every record reaches an event (undelivered 0)");
    // Process ends (an exit of a process the table knows, issue 12) are reportable events too:
    // left out, a fuzzed exit_group of a known pid broke the books although nothing was lost.
    fuzz::require(get("executions") + get("standalone_measurements") + get("integrity") + get("process_ends") ==
                      get("emitted") + get("filtered") + get("unfit"),
                  "every reportable event is emitted, filtered or counted unfit");
    fuzz::require(messages.size() == get("emitted"), "every emitted message reached the output");
    return 0;
}

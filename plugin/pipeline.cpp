#include "plugin/pipeline.h"

#include <algorithm>

#include "formatters/message_fitter.h"
#include "parser/overloaded.h"
#include "plugin/stages.h"

namespace audisp_ima {
namespace {

// A malformed line may hold anything; show a bounded, printable excerpt.
std::string excerpt(std::string_view line) {
    constexpr size_t kMax = 120;
    std::string out;
    for (unsigned char c : line.substr(0, kMax)) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            static const char* digits = "0123456789abcdef";
            out.append("\\x").push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    if (line.size() > kMax) out.append("...");
    return out;
}

// Enough to find the event in the audit log: its kind, node, time and serial, and its process.
std::string describe(const Event& event) {
    auto stamp = [](const EventKey& key) {
        std::string msec = std::to_string(key.msec);
        std::string text = key.node.empty() ? "" : "node=" + excerpt(key.node) + " ";
        return text + "audit(" + std::to_string(key.sec) + "." + std::string(3 - std::min<size_t>(msec.size(), 3), '0') +
               msec + ":" + std::to_string(key.serial) + ")";
    };
    auto pid = [](const std::optional<int64_t>& value) { return value ? " pid " + std::to_string(*value) : ""; };
    return std::visit(
        Overloaded{
            [&](const ExecEvent& exec) {
                return "execution " + stamp(exec.key) + pid(exec.task.pid) +
                       (exec.executable ? " " + excerpt(*exec.executable) : "");
            },
            [&](const FileMeasurementEvent& measured) {
                return "measurement " + stamp(measured.key) + pid(measured.measurement.task.pid) + " of " +
                       excerpt(measured.measurement.file);
            },
            [&](const IntegrityEvent& integrity) { return "integrity event " + stamp(integrity.key) + pid(integrity.pid); },
            [&](const ProcessEndEvent& end) { return "process end " + stamp(end.key) + pid(end.task.pid); },
            [&](const ForkEvent& fork) { return "fork " + stamp(fork.key) + pid(fork.task.pid); },
        },
        event);
}

}  // namespace

Pipeline::Pipeline(std::unique_ptr<Formatter> formatter, Output output, Diagnostic diagnostic, PipelineOptions options)
    : formatter_(std::move(formatter)),
      output_(std::move(output)),
      diagnostic_(std::move(diagnostic)),
      options_(options) {
    EnrichStages enrich = make_enrich_stages(options.enrich);
    stages_ = std::move(enrich.stages);
    hashes_ = enrich.hashes;
    processes_ = enrich.processes;
    auto make_source = options.parser == ParserKind::native ? make_native_source : make_auparse_source;
    source_ = make_source([this](AuditEvent&& event) { on_event(std::move(event)); },
                          [this](const MalformedLine& line) { on_malformed(line); }, options.source);
}

void Pipeline::reconfigure(std::unique_ptr<Formatter> formatter, EmitKinds emit, size_t max_message_size) {
    formatter_ = std::move(formatter);
    options_.emit = emit;
    options_.max_message_size = max_message_size;
}

void Pipeline::age() {
    source_->age();
    for (auto& stage : stages_) stage->tick();
}

bool Pipeline::wanted(const Event& event) const {
    const EmitKinds& emit = options_.emit;
    return std::visit(Overloaded{
                          [&](const ExecEvent& exec) {
                              return exec.success() == false ? emit.failed_executions : emit.executions;
                          },
                          [&](const FileMeasurementEvent&) { return emit.standalone_measurements; },
                          [&](const IntegrityEvent&) { return emit.integrity; },
                          [&](const ProcessEndEvent&) { return emit.process_ends; },
                          [&](const ForkEvent&) { return false; },
                      },
                      event);
}

void Pipeline::on_event(AuditEvent&& event) {
    scratch_.clear();
    assembler_.assemble(event, scratch_);
    for (auto& out : scratch_) {
        for (auto& stage : stages_) stage->process(out);
        if (std::holds_alternative<ForkEvent>(out)) continue;  // it fed the process table; no message
        if (!wanted(out)) {
            ++filtered_;
            continue;
        }
        FittedMessage message;
        try {
            message = format_within(*formatter_, out, options_.max_message_size);
        } catch (const std::exception& error) {
            // A formatter bug (json_path_writer refuses a key twice) costs this message, not the run.
            report(++format_errors_, "format error", describe(out) + " not sent: " + error.what());
            continue;
        }
        if (!message.fits) {
            report(++unfit_, "unfit message",
                   describe(out) + " not sent: with every value and list cut to its minimum the message is still " +
                       std::to_string(message.text.size()) + " bytes; the limit is " +
                       std::to_string(options_.max_message_size) + " (max_message_size less the syslog header)");
            continue;
        }
        if (message.shrunk) ++shrunk_;
        ++emitted_;
        output_(std::move(message.text));
    }
}

void Pipeline::report(uint64_t count, std::string_view what, const std::string& message) {
    if (count > options_.message_reports) return;
    if (count == options_.message_reports) diagnostic_(message + " [further " + std::string(what) + "s are only counted]");
    else diagnostic_(message);
}

void Pipeline::on_malformed(const MalformedLine& line) {
    const auto& counters = source_->counters();
    if (counters.malformed > options_.malformed_reports) return;
    uint64_t line_number = counters.records + counters.malformed + counters.blank;
    std::string message = "skipped malformed line " + std::to_string(line_number) + " (" + std::string(line.reason) +
                          "): " + excerpt(line.line);
    if (counters.malformed == options_.malformed_reports) message += " [further malformed lines are only counted]";
    diagnostic_(message);
}

void Pipeline::append_counters(std::vector<Counter>& out) const {
    const auto& s = source_->counters();
    const auto& a = assembler_.counters();
    out.insert(out.end(), {
        {"records", s.records},
        {"malformed", s.malformed},
        {"blank", s.blank},
        {"events", a.events},
        {"emitted", emitted_},
        {"executions", a.executions},
        {"failed", a.failed_executions},
        {"standalone_measurements", a.standalone_measurements},
        {"integrity", a.integrity},
        {"ignored", a.ignored},
        {"forks", a.forks},
        {"process_ends", a.process_ends},
        {"filtered", filtered_},
        {"shrunk", shrunk_},
        {"unfit", unfit_},
        {"format_errors", format_errors_},
        {"unmatched_measurements", a.unmatched_measurements},
        {"undelivered", s.records - s.delivered},
        {"forced_completions", s.forced_completions},
        {"node_names_lost", s.node_names_lost},
    });
    for (const auto& stage : stages_) stage->append_counters(out);
}

}  // namespace audisp_ima

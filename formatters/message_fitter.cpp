#include "formatters/message_fitter.h"

#include <algorithm>
#include <map>
#include <vector>

namespace audisp_ima {
namespace {

// Values shorter than this are never cut: they carry the identity of the event.
constexpr size_t kKeep = 64;
// Enough rounds for an event with a few huge fields; each round re-formats once.
constexpr int kMaxRounds = 24;

std::string marker(size_t original) { return "...[truncated from " + std::to_string(original) + " bytes]"; }

// Cut at a character boundary so a valid UTF-8 value stays valid.
size_t utf8_boundary(const std::string& text, size_t at) {
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
}

// Cuts values, always from their text before the first cut, so a value can be tried at several
// lengths and still names its original size.
class Cutter {
public:
    void cut(std::string& value, size_t keep) {
        const std::string& original = originals_.try_emplace(&value, value).first->second;
        value.assign(original, 0, utf8_boundary(original, std::min(keep, original.size())));
        value += marker(original.size());
    }
    size_t original_size(const std::string& value) const {
        auto it = originals_.find(&value);
        return it == originals_.end() ? value.size() : it->second.size();
    }

private:
    std::map<const std::string*, std::string> originals_;
};

// Every string of the event a formatter prints and that can grow with the input.
std::vector<std::string*> variable_fields(Event& event) {
    std::vector<std::string*> fields;
    auto add = [&](std::optional<std::string>& value) {
        if (value) fields.push_back(&*value);
    };
    if (auto* exec = std::get_if<ExecEvent>(&event)) {
        for (auto& arg : exec->args) fields.push_back(&arg);
        add(exec->executable);
        add(exec->cwd);
        add(exec->previous_executable);
        add(exec->previous_name);
        add(exec->task.comm);
        add(exec->task.exe);
        add(exec->task.subj);
        for (auto& m : exec->measurements) fields.push_back(&m.record.file);
        for (auto& path : exec->paths) add(path.name);
        if (exec->script) fields.push_back(&exec->script->path);
    } else if (auto* measured = std::get_if<FileMeasurementEvent>(&event)) {
        fields.push_back(&measured->measurement.file);
        add(measured->measurement.task.exe);
        add(measured->measurement.task.comm);
        add(measured->measurement.task.subj);
    } else {
        auto& integrity = std::get<IntegrityEvent>(event);
        for (auto& field : integrity.fields) fields.push_back(&field.value);
        add(integrity.name);
        add(integrity.comm);
        add(integrity.cause);
        add(integrity.op);
        add(integrity.subj);
    }
    return fields;
}

// argv of thousands of short arguments: cutting one at a time would take thousands of rounds,
// so the tail goes at once, replaced by one marker counting every argument dropped so far.
class ArgumentTail {
public:
    bool drop(Event& event, size_t excess) {
        auto* exec = std::get_if<ExecEvent>(&event);
        if (!exec || exec->args.size() < 8) return false;
        if (dropped_ > 0) exec->args.pop_back();  // the previous marker
        // Each argument appears in the argument list and in the command line.
        size_t freed = 0;
        size_t keep = exec->args.size();
        while (keep > 4 && freed < excess + 64) freed += 2 * exec->args[--keep].size() + 4;
        dropped_ += exec->args.size() - keep;
        exec->args.resize(keep);
        exec->args.push_back("...[" + std::to_string(dropped_) + " more arguments truncated]");
        return true;
    }

private:
    size_t dropped_ = 0;
};

}  // namespace

FittedMessage format_within(const Formatter& formatter, const Event& event, size_t max_bytes) {
    FittedMessage result{formatter.format(event), false, true};
    if (max_bytes == 0 || result.text.size() <= max_bytes) return result;

    Event copy = event;
    Cutter cutter;
    ArgumentTail tail;
    result.shrunk = true;
    for (int round = 0; round < kMaxRounds && result.text.size() > max_bytes; ++round) {
        size_t excess = result.text.size() - max_bytes;
        auto fields = variable_fields(copy);
        auto longest = std::max_element(fields.begin(), fields.end(),
                                        [](const std::string* a, const std::string* b) { return a->size() < b->size(); });
        // Many short fields: only dropping arguments can help.
        if ((longest == fields.end() || (*longest)->size() <= 256) && tail.drop(copy, excess)) {
            result.text = formatter.format(copy);
            continue;
        }
        if (longest == fields.end() || (*longest)->size() <= kKeep + 40) break;
        std::string& value = **longest;
        // Down to its head first: if even that is too long, the next round takes the next field.
        cutter.cut(value, kKeep);
        result.text = formatter.format(copy);
        if (result.text.size() > max_bytes) continue;
        // It fits: keep as much of the value as fits. The value may appear more than once (the
        // arguments and the command line) and grow when escaped, so search rather than compute.
        size_t low = kKeep, high = cutter.original_size(value) - 1;
        while (low < high) {
            size_t middle = low + (high - low + 1) / 2;
            cutter.cut(value, middle);
            if (formatter.format(copy).size() <= max_bytes) low = middle;
            else high = middle - 1;
        }
        cutter.cut(value, low);
        result.text = formatter.format(copy);
    }
    // The last resort: every variable field down to its head.
    if (result.text.size() > max_bytes) {
        for (std::string* value : variable_fields(copy))
            if (value->size() > kKeep + 40) cutter.cut(*value, kKeep);
        result.text = formatter.format(copy);
    }
    result.fits = result.text.size() <= max_bytes;
    return result;
}

}  // namespace audisp_ima

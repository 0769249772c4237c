#include "enrich/process_state.h"

#include <sstream>
#include <stdexcept>

#include "enrich/state_text.h"
#include "parser/field_value.h"

namespace audisp_ima {
namespace {

constexpr std::string_view kMagic = "audisp-ima-processes 1";

template <typename T>
std::string optional_word(const std::optional<T>& value) {
    return value ? std::to_string(*value) : "-";
}

ProcessOrigin origin_of(const std::string& word) {
    for (ProcessOrigin o : {ProcessOrigin::exec, ProcessOrigin::fork, ProcessOrigin::seeded, ProcessOrigin::proc})
        if (word == to_string(o)) return o;
    throw std::runtime_error("unknown origin '" + word + "'");
}

std::string text_of(const std::string& hex) {
    if (hex.empty()) return {};  // an empty argument
    auto text = field_value::hex_decode(hex);
    if (!text) throw std::runtime_error("bad hex");
    return *std::move(text);
}

}  // namespace

// One line a process. Every text may hold any byte (file names, arguments), so each is hex;
// arguments as COUNT:HEX,HEX,... so that an empty argument survives.
std::string serialize_process_state(const ProcessState& state) {
    std::ostringstream out;
    out << kMagic << "\nboot " << state.boot_id << '\n';
    for (const auto& e : state.entries) {
        if (e.entity_id.empty() || !e.start_ms) continue;
        out << "p " << e.pid << ' ' << optional_word(e.ppid) << ' ' << *e.start_ms << ' ' << optional_word(e.euid) << ' '
            << to_string(e.origin) << ' ' << field_value::hex_encode(e.entity_id) << ' '
            << (e.executable ? field_value::hex_encode(*e.executable) : "-") << ' ' << e.args.size() << ':';
        for (size_t i = 0; i < e.args.size(); ++i) out << (i ? "," : "") << field_value::hex_encode(e.args[i]);
        out << ' ' << (e.user_name ? field_value::hex_encode(*e.user_name) : "-") << ' '
            << (e.comm ? field_value::hex_encode(*e.comm) : "-") << '\n';
    }
    return out.str();
}

ProcessState parse_process_state(const std::string& text) {
    ProcessState state;
    auto fail = [](const std::string& why) { throw std::runtime_error(why); };
    read_state_lines(text, kMagic, "process", [&](const std::vector<std::string>& w) {
        if (w.size() == 2 && w[0] == "boot") {
            state.boot_id = w[1];
            return;
        }
        if (w.size() != 11 || w[0] != "p") fail("unexpected line");
        ProcessEntry e;
        e.pid = state_number<int64_t>(w[1]);
        if (w[2] != "-") e.ppid = state_number<int64_t>(w[2]);
        e.start_ms = state_number<uint64_t>(w[3]);
        if (w[4] != "-") e.euid = state_number<uint32_t>(w[4]);
        e.origin = origin_of(w[5]);
        e.entity_id = text_of(w[6]);
        if (e.entity_id.empty()) fail("empty entity id");
        if (w[7] != "-") e.executable = text_of(w[7]);
        auto colon = w[8].find(':');
        if (colon == std::string::npos) fail("bad arguments");
        auto count = state_number<size_t>(w[8].substr(0, colon));
        std::string_view rest = std::string_view(w[8]).substr(colon + 1);
        for (size_t i = 0; i < count; ++i) {
            auto comma = rest.find(',');
            e.args.push_back(text_of(std::string(rest.substr(0, comma))));
            if (comma == std::string_view::npos) rest = {};
            else rest.remove_prefix(comma + 1);
            if (i + 1 < count && comma == std::string_view::npos) fail("fewer arguments than counted");
        }
        if (!rest.empty()) fail("more arguments than counted");
        if (w[9] != "-") e.user_name = text_of(w[9]);
        if (w[10] != "-") e.comm = text_of(w[10]);
        state.entries.push_back(std::move(e));
    });
    // Without its boot the state could match no boot, and would be written back as a line the
    // reader refuses ("boot " with no id): refused whole, as any other damage.
    if (state.boot_id.empty()) throw std::runtime_error("no boot line");
    return state;
}

}  // namespace audisp_ima

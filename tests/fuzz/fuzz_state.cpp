// libFuzzer target: the two state files the plugin reads back at start (hashes.state and
// processes.state, beside state_file). They are root's own 0600 files, but a torn write, a full
// disk or a hand edit can leave anything in them: bad text may only ever be refused with the
// project's error naming the line (std::runtime_error), never crash; and what is accepted must
// write back and read again to the same text.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "enrich/hash_state.h"
#include "enrich/process_state.h"
#include "tests/fuzz/fuzz_check.h"

using namespace audisp_ima;

namespace {

template <typename State>
void round_trip(const std::string& text, State (*parse)(const std::string&), std::string (*serialize)(const State&),
                const char* what) {
    State state;
    try {
        state = parse(text);
    } catch (const std::runtime_error&) {
        return;  // refused, as it must be: the plugin then starts without it
    }
    std::string written = serialize(state);
    try {
        fuzz::require(serialize(parse(written)) == written, what, written.substr(0, 300));
    } catch (const std::runtime_error& error) {
        fuzz::broken(what, std::string(error.what()) + "\n" + written.substr(0, 300));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    if (input.empty()) return 0;
    std::string text = input.substr(1);
    if (input[0] & 1)
        round_trip<ProcessState>(text, parse_process_state, serialize_process_state,
                                 "an accepted processes.state writes back and reads again the same");
    else
        round_trip<HashState>(text, parse_hash_state, serialize_hash_state,
                              "an accepted hashes.state writes back and reads again the same");
    return 0;
}

#include "enrich/hash_state.h"

#include "enrich/state_text.h"
#include "parser/field_value.h"

#include <sstream>
#include <stdexcept>

namespace audisp_ima {
namespace {

constexpr std::string_view kMagic = "audisp-ima-hashes 1";

const char* source_word(HashSource source) { return to_string(source); }

HashSource source_of(const std::string& word) {
    for (HashSource s : {HashSource::cached, HashSource::standalone, HashSource::ima_list})
        if (word == to_string(s)) return s;
    throw std::runtime_error("unknown source '" + word + "'");
}

}  // namespace

std::string serialize_hash_state(const HashState& state) {
    std::ostringstream out;
    out << kMagic << "\nboot " << state.boot_id << "\nlist " << state.list_entries << ' ' << state.list_read_ns << '\n';
    for (const auto& f : state.files) {
        if (!f.stamp) continue;
        // Paths may hold any byte but NUL: hex keeps one entry per line.
        out << "f " << source_word(f.source) << ' ' << f.stamp->id.dev << ' ' << f.stamp->id.inode << ' '
            << f.stamp->ctime_ns << ' ' << f.stamp->mtime_ns << ' ' << f.stamp->size << ' ' << f.hash.algorithm << ' '
            << f.hash.digest << ' ' << field_value::hex_encode(f.path) << '\n';
    }
    return out.str();
}

HashState parse_hash_state(const std::string& text) {
    HashState state;
    auto fail = [](const std::string& why) { throw std::runtime_error(why); };
    read_state_lines(text, kMagic, "hash", [&](const std::vector<std::string>& w) {
        if (w.size() == 2 && w[0] == "boot") {
            state.boot_id = w[1];
        } else if (w.size() == 3 && w[0] == "list") {
            state.list_entries = state_number<uint64_t>(w[1]);
            state.list_read_ns = state_number<int64_t>(w[2]);
        } else if (w.size() == 10 && w[0] == "f") {
            KnownHash f;
            f.source = source_of(w[1]);
            FileStamp stamp;
            stamp.id = FileId{w[2], state_number<uint64_t>(w[3])};
            stamp.ctime_ns = state_number<int64_t>(w[4]);
            stamp.mtime_ns = state_number<int64_t>(w[5]);
            stamp.size = state_number<uint64_t>(w[6]);
            f.stamp = stamp;
            auto hash = parse_ima_hash(w[7] + ":" + w[8]);
            if (!hash) fail("bad digest");
            f.hash = *hash;
            auto path = field_value::hex_decode(w[9]);
            if (!path || path->empty() || path->find('\0') != std::string::npos) fail("bad path");
            f.path = *std::move(path);
            state.files.push_back(std::move(f));
        } else {
            fail("unexpected line");
        }
    });
    // Without its boot the state could match no boot, and would be written back as a line the
    // reader refuses ("boot " with no id): refused whole, as any other damage.
    if (state.boot_id.empty()) throw std::runtime_error("no boot line");
    return state;
}

}  // namespace audisp_ima

#include "enrich/hash_state.h"

#include "parser/field_value.h"

#include <charconv>
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

template <typename T>
T number(const std::string& word) {
    T value{};
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (ec != std::errc() || end != word.data() + word.size()) throw std::runtime_error("bad number '" + word + "'");
    return value;
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
    std::istringstream in(text);
    std::string line;
    size_t line_number = 0;
    auto fail = [&](const std::string& why) {
        throw std::runtime_error("line " + std::to_string(line_number) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++line_number;
        if (line_number == 1) {
            if (line != kMagic) fail("not an audisp-ima hash state file");
            continue;
        }
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string word; words >> word;) w.push_back(word);
        try {
            if (w.size() == 2 && w[0] == "boot") {
                state.boot_id = w[1];
            } else if (w.size() == 3 && w[0] == "list") {
                state.list_entries = number<uint64_t>(w[1]);
                state.list_read_ns = number<int64_t>(w[2]);
            } else if (w.size() == 10 && w[0] == "f") {
                KnownHash f;
                f.source = source_of(w[1]);
                FileStamp stamp;
                stamp.id = FileId{w[2], number<uint64_t>(w[3])};
                stamp.ctime_ns = number<int64_t>(w[4]);
                stamp.mtime_ns = number<int64_t>(w[5]);
                stamp.size = number<uint64_t>(w[6]);
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
        } catch (const std::runtime_error& error) {
            std::string what = error.what();
            if (what.rfind("line ", 0) == 0) throw;
            fail(what);
        }
    }
    if (line_number == 0) throw std::runtime_error("empty file");
    return state;
}

}  // namespace audisp_ima

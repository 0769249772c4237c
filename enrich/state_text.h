// The text both state files share (enrich/hash_state.h, enrich/process_state.h): a first line
// naming the format and its version, then one record a line, words separated by spaces, every
// word that may hold any byte in hex. One reader, so that both refuse the same way.
#pragma once

#include <charconv>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace audisp_ima {

// Calls `record` with the words of each line after the first, which must be `magic` ("not an
// audisp-ima KIND state file" otherwise). Whatever `record` throws comes back as
// std::runtime_error naming the line; an empty text is refused too.
void read_state_lines(const std::string& text, std::string_view magic, std::string_view kind,
                      const std::function<void(const std::vector<std::string>& words)>& record);

// A whole word as a number; throws "bad number 'WORD'".
template <typename T>
T state_number(const std::string& word) {
    T value{};
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (ec != std::errc() || end != word.data() + word.size()) throw std::runtime_error("bad number '" + word + "'");
    return value;
}

}  // namespace audisp_ima

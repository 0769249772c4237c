#include "enrich/state_text.h"

#include <sstream>

namespace audisp_ima {

void read_state_lines(const std::string& text, std::string_view magic, std::string_view kind,
                      const std::function<void(const std::vector<std::string>& words)>& record) {
    std::istringstream in(text);
    std::string line;
    size_t line_number = 0;
    auto where = [&] { return "line " + std::to_string(line_number) + ": "; };
    while (std::getline(in, line)) {
        ++line_number;
        if (line_number == 1) {
            if (line != magic) throw std::runtime_error(where() + "not an audisp-ima " + std::string(kind) + " state file");
            continue;
        }
        std::istringstream split(line);
        std::vector<std::string> words;
        for (std::string word; split >> word;) words.push_back(word);
        try {
            record(words);
        } catch (const std::runtime_error& error) {
            throw std::runtime_error(where() + error.what());
        }
    }
    if (line_number == 0) throw std::runtime_error("empty file");
}

}  // namespace audisp_ima

// Test helper: the first key that appears twice in one object of a JSON text. nlohmann::json::parse
// keeps the last of two equal keys without a word, so a formatter writing a key twice would pass
// a parse check; this reads the text as a stream of tokens and sees every key.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace audisp_ima::test {

struct JsonKeyCheck {
    bool valid = false;                   // the whole text is one JSON value
    std::optional<std::string> repeated;  // the first key seen twice in one object
};

// Validity and repeated keys in one pass over the text.
inline JsonKeyCheck check_json_keys(const std::string& text) {
    using json = nlohmann::json;
    struct Finder : nlohmann::json_sax<json> {
        std::vector<std::vector<std::string>> open;  // the keys of each object being read
        std::optional<std::string> found;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override {
            open.emplace_back();
            return true;
        }
        bool key(string_t& name) override {
            auto& keys = open.back();
            if (!found && std::find(keys.begin(), keys.end(), name) != keys.end()) found = name;
            keys.push_back(name);
            return true;
        }
        bool end_object() override {
            open.pop_back();
            return true;
        }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
            return false;
        }
    } finder;
    JsonKeyCheck result;
    result.valid = json::sax_parse(text, &finder);
    result.repeated = std::move(finder.found);
    return result;
}

// nullopt when every object's keys are distinct (or the text is not JSON: parse it separately).
inline std::optional<std::string> duplicate_key(const std::string& text) { return check_json_keys(text).repeated; }

}  // namespace audisp_ima::test

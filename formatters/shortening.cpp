#include "formatters/shortening.h"

#include <algorithm>

namespace audisp_ima {
namespace {


std::string truncated_marker(size_t original) {
    return "...[truncated from " + std::to_string(original) + " bytes]";
}

// Back to the start of a UTF-8 character, so that a valid value stays valid once cut.
size_t character_boundary(std::string_view text, size_t at) {
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
}

}  // namespace

std::string_view shorten(std::string_view value, const Shortening& shortening, std::string& scratch) {
    if (shortening.max_value == Shortening::kWhole || value.size() <= shortening.max_value) return value;
    std::string marker = truncated_marker(value.size());
    if (value.size() <= shortening.max_value + marker.size()) return value;
    scratch.assign(value.substr(0, character_boundary(value, shortening.max_value)));
    scratch += marker;
    return scratch;
}

std::string_view cut_to(std::string_view value, size_t limit, std::string& scratch) {
    if (value.size() <= limit) return value;
    std::string marker = truncated_marker(value.size());
    size_t keep = limit > marker.size() ? limit - marker.size() : 0;
    scratch.assign(value.substr(0, character_boundary(value, keep)));
    if (scratch.size() + marker.size() <= limit) scratch += marker;
    return scratch;
}

KeptItems kept_items(size_t count, const Shortening& shortening) {
    // A marker in place of one element saves nothing; at least the first element stays.
    size_t keep = std::max<size_t>(shortening.max_items, 1);
    if (keep >= count - 1 || count < 2) return {count, 0, 0};
    // The head gets the odd one: argv[0], the program, comes first.
    return {keep - keep / 2, keep / 2, count - keep};
}

std::string dropped_marker(size_t dropped, std::string_view noun) {
    return "...[" + std::to_string(dropped) + " " + std::string(noun) + (dropped == 1 ? "" : "s") + " dropped]";
}

PrintedList::PrintedList(const std::vector<std::string>& items, const Shortening& shortening, std::string_view noun) {
    KeptItems kept = kept_items(items.size(), shortening);
    items_.reserve(kept.head + kept.tail + 1);
    auto add = [&](const std::string& item) {
        std::string scratch;
        std::string_view printed = shorten(item, shortening, scratch);
        if (printed.data() == scratch.data()) printed = owned_.emplace_back(std::move(scratch));
        items_.push_back(printed);
    };
    for (size_t i = 0; i < kept.head; ++i) add(items[i]);
    if (kept.dropped > 0) items_.push_back(owned_.emplace_back(dropped_marker(kept.dropped, noun)));
    for (size_t i = items.size() - kept.tail; i < items.size(); ++i) add(items[i]);
}

}  // namespace audisp_ima

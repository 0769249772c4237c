#include "formatters/json_path_writer.h"

#include <algorithm>
#include <stdexcept>

namespace audisp_ima {
namespace {

// Length of the longest run of whole leading segments `a` and `b` share ("process.parent" and
// "process.previous" share "process": 7). Comparing characters alone would match "process.p".
size_t shared_segments(std::string_view a, std::string_view b) {
    size_t shared = 0;
    size_t limit = std::min(a.size(), b.size());
    for (size_t i = 0; i <= limit; ++i) {
        bool a_ends = i == a.size() || a[i] == '.';
        bool b_ends = i == b.size() || b[i] == '.';
        if (a_ends && b_ends) shared = i;  // a segment boundary both reached with equal text
        if (a_ends != b_ends || (i < limit && a[i] != b[i])) break;
    }
    return shared;
}

}  // namespace

JsonWriter& JsonPathWriter::member(const JsonPath& member_path) {
    std::string_view path = member_path.text();
    std::string_view parent = member_path.parent();
    if (parent == open_) {  // the common case: another member of the object last written to
        leaf_key(member_path);
        return writer_;
    }

    size_t shared = shared_segments(open_, parent);
    while (open_.size() > shared) close_innermost();
    std::string_view missing = parent.substr(shared);  // ".a.b", or "a.b" below the root
    while (!missing.empty()) {
        if (missing.front() == '.') missing.remove_prefix(1);
        size_t dot = missing.find('.');
        std::string_view segment = missing.substr(0, dot);
        if (member_path.plain_parent())
            plain_key(segment, path);
        else
            key(segment, path);
        writer_.begin_object();
        objects_.push_back(OpenObject{keys_.size()});
        if (!open_.empty()) open_.push_back('.');
        open_.append(segment);
        missing.remove_prefix(dot == std::string_view::npos ? missing.size() : dot);
    }
    leaf_key(member_path);
    return writer_;
}

void JsonPathWriter::key(std::string_view key, std::string_view path) {
    size_t before = out_.size();
    writer_.key(key);
    Span span = written_since(before);
    file_key(span, json_key_filter_bit(std::string_view(out_).substr(span.offset, span.size)), key, path);
}

void JsonPathWriter::plain_key(std::string_view key, std::string_view path) {
    size_t before = out_.size();
    writer_.plain_key(key);
    file_key(written_since(before), json_key_filter_bit(key), key, path);  // written as it reads
}

void JsonPathWriter::leaf_key(const JsonPath& path) {
    if (!path.plain_leaf()) return key(path.leaf(), path.text());
    size_t before = out_.size();
    writer_.plain_key(path.leaf());
    file_key(written_since(before), path.leaf_bit(), path.leaf(), path.text());
}

JsonPathWriter::Span JsonPathWriter::written_since(size_t before) const {
    size_t start = before + (out_[before] == ',' ? 2 : 1);  // past the comma and the quote
    return {start, out_.size() - 2 - start};                // before the closing quote and ':'
}

void JsonPathWriter::file_key(Span span, unsigned bit, std::string_view key, std::string_view path) {
    // Written first, then checked: a key written twice makes the message a format error, which is
    // dropped whole, so what the output holds then does not matter.
    OpenObject& object = objects_.back();
    uint64_t& word = object.seen[bit / 64];
    uint64_t mask = uint64_t{1} << (bit % 64);
    if (word & mask) {
        std::string_view text(out_.data() + span.offset, span.size);
        for (size_t i = object.first_key; i < keys_.size(); ++i)
            if (std::string_view(out_.data() + keys_[i].offset, keys_[i].size) == text)
                throw std::logic_error("JSON key \"" + std::string(key) + "\" written twice (path " + std::string(path) + ")");
    }
    word |= mask;
    keys_.push_back(span);
}

void JsonPathWriter::close_innermost() {
    writer_.end_object();
    size_t first = objects_.back().first_key;
    objects_.pop_back();
    keys_.resize(first);
    size_t dot = open_.rfind('.');
    open_.resize(dot == std::string::npos ? 0 : dot);
}

void JsonPathWriter::finish() {
    while (!open_.empty()) close_innermost();
    writer_.end_object();
}

}  // namespace audisp_ima

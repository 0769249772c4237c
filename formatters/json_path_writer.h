// One JSON object whose members are named by dotted paths ("process.parent.pid"), written as a
// stream: the objects on a path are opened on first use and closed when a path leaves them. The
// result is what nlohmann::ordered_json gives when the same paths are assigned in the same order,
// provided the members of one object are written together (no path returns to an object already
// closed, no path is written twice) — a DOM would merge or overwrite those, a stream cannot, so
// member() refuses them with std::logic_error rather than write a key twice (a formatter bug: the
// pipeline counts the message as a format error and goes on).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string>
#include <string_view>
#include <vector>

#include "formatters/json_writer.h"

namespace audisp_ima {

// Which of the 256 filter bits a key takes (JsonPathWriter::OpenObject::seen): from its first
// eight bytes and its size. The same when the program is compiled (JsonPath) as when it runs.
constexpr unsigned json_key_filter_bit(std::string_view key) {
    uint64_t head = 0;
    for (size_t i = 0; i < key.size() && i < 8; ++i) head |= uint64_t{static_cast<unsigned char>(key[i])} << (8 * i);
    return static_cast<unsigned>(((head ^ key.size()) * 0x9E3779B97F4A7C15ULL) >> 56);
}

// A member's dotted path ("process.parent.pid"), taken apart when the program is compiled: every
// path is a formatter's literal, and splitting it again for every member of every message was
// a fifth of the JSON formatter's work. Only a literal converts (the constructor is consteval),
// so a path is never a view of a string that is gone.
class JsonPath {
public:
    template <size_t N>
    consteval JsonPath(const char (&literal)[N]) : text_(literal, N - 1) {
        size_t dot = text_.rfind('.');
        parent_size_ = dot == std::string_view::npos ? 0 : dot;
        leaf_offset_ = dot == std::string_view::npos ? 0 : dot + 1;
        leaf_bit_ = json_key_filter_bit(leaf());
        plain_leaf_ = plain_text(leaf());
        plain_parent_ = plain_text(parent());
    }

    constexpr std::string_view text() const { return text_; }
    constexpr std::string_view parent() const { return text_.substr(0, parent_size_); }  // "" at the root
    constexpr std::string_view leaf() const { return text_.substr(leaf_offset_); }
    constexpr unsigned leaf_bit() const { return leaf_bit_; }
    // The leaf is written as it is (is_plain_json_text), so it needs no look when written.
    constexpr bool plain_leaf() const { return plain_leaf_; }
    // The same for every object name on the way to it.
    constexpr bool plain_parent() const { return plain_parent_; }

private:
    static consteval bool plain_text(std::string_view text) {
        for (char c : text)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80 || c == '"' || c == '\\')
                return false;
        return true;
    }

    std::string_view text_;
    size_t parent_size_ = 0;
    size_t leaf_offset_ = 0;
    unsigned leaf_bit_ = 0;
    bool plain_leaf_ = false;
    bool plain_parent_ = false;
};

class JsonPathWriter {
public:
    // Starts the root object in `out`.
    explicit JsonPathWriter(std::string& out) : out_(out), writer_(out) {
        // What a message of the bench stream needs (about 45 keys, 4 levels) fits in arena_, so a
        // message costs no allocation here; a bigger one spills to the heap.
        open_.reserve(64);
        keys_.reserve(64);
        objects_.reserve(8);
        objects_.push_back(OpenObject{0});
        writer_.begin_object();
    }
    JsonPathWriter(const JsonPathWriter&) = delete;
    JsonPathWriter& operator=(const JsonPathWriter&) = delete;

    // Opens and closes objects so that the last segment of `path` is the next key, writes that
    // key, and returns the writer for its value (exactly one: a scalar, or a whole array or object).
    // Throws std::logic_error when that key is already in its object, or its object was closed.
    JsonWriter& member(const JsonPath& path);

    // The writer itself, for the inside of an array or object value begun after member().
    JsonWriter& writer() { return writer_; }

    // Closes every object still open, the root included. Nothing may be written afterwards.
    void finish();

private:
    // Writes `key` into the innermost open object, unless it is there already (`path` names it
    // in the error).
    void key(std::string_view key, std::string_view path);
    // The same for a key known to be plain (is_plain_json_text), written without a look.
    void plain_key(std::string_view key, std::string_view path);
    // The same for a path's leaf, whose filter bit and plainness are known already.
    void leaf_key(const JsonPath& path);
    void close_innermost();

    std::string& out_;
    JsonWriter writer_;
    // Backs the three containers below (about 1.4 KiB reserved): they lived on the heap, four
    // allocations and frees a message.
    alignas(std::max_align_t) std::byte arena_[2048];
    std::pmr::monotonic_buffer_resource pool_{arena_, sizeof arena_};
    std::pmr::string open_{&pool_};  // the open objects below the root, as a dotted path ("process.parent")
    // The keys written so far in the open objects, the root's first, as the places in out_ where
    // each key's text is (no copy, no allocation per key: this writer runs for every message).
    // They are compared as written, escaped and with invalid UTF-8 replaced: two keys that read
    // the same in the output are the same key. An object closed is a key of its parent, so
    // returning to it is caught as that key written twice.
    struct Span {
        size_t offset, size;
    };
    // Where the text of the key written since out_ had `before` bytes is.
    Span written_since(size_t before) const;
    // Files that key under filter bit `bit`; throws when the object holds it already.
    void file_key(Span span, unsigned bit, std::string_view key, std::string_view path);
    std::pmr::vector<Span> keys_{&pool_};
    // Per open object, the root first: its first entry in keys_, and a 256-bit filter of the keys
    // in it (one bit a key, json_key_filter_bit). A key whose bit is clear is new
    // without a scan; only the rest are compared, so a message's keys cost about one look each.
    struct OpenObject {
        size_t first_key;
        std::array<uint64_t, 4> seen{};
    };
    std::pmr::vector<OpenObject> objects_{&pool_};
};

}  // namespace audisp_ima

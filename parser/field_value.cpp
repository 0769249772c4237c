#include "parser/field_value.h"

#include <charconv>

namespace audisp_ima::field_value {
namespace {


template <typename T>
std::optional<T> parse_whole(std::string_view raw, int base) {
    T value{};
    if (raw.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value, base);
    if (ec != std::errc() || end != raw.data() + raw.size()) return std::nullopt;
    return value;
}

}  // namespace

std::string_view unquote(std::string_view raw) {
    if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') return raw.substr(1, raw.size() - 2);
    return raw;
}

std::string hex_encode(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
    // Sized once and written in place: proctitle and argument values are hundreds of digits, and
    // a push_back per byte was most of the decoding.
    std::string out(hex.size() / 2, '\0');
    for (size_t i = 0; i < out.size(); ++i) {
        unsigned hi = hex_digit_value(hex[2 * i]);
        unsigned lo = hex_digit_value(hex[2 * i + 1]);
        if ((hi | lo) == kNotHex) return std::nullopt;  // valid digits are at most 0x0F
        out[i] = static_cast<char>((hi << 4) | lo);
    }
    return out;
}

std::string decode_untrusted(std::string_view raw) {
    if (!raw.empty() && raw.front() == '"') {
        // A lone opening quote (truncated record) still yields the text after it.
        auto inner = raw.substr(1);
        if (!inner.empty() && inner.back() == '"') inner.remove_suffix(1);
        return std::string(inner);
    }
    if (auto bytes = hex_decode(raw)) return *std::move(bytes);
    return std::string(raw);
}

std::optional<uint64_t> to_u64(std::string_view raw) { return parse_whole<uint64_t>(raw, 10); }
std::optional<int64_t> to_i64(std::string_view raw) { return parse_whole<int64_t>(raw, 10); }
std::optional<uint64_t> hex_to_u64(std::string_view raw) { return parse_whole<uint64_t>(raw, 16); }

}  // namespace audisp_ima::field_value

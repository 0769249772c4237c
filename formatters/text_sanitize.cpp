#include "formatters/text_sanitize.h"

#include <charconv>
#include <cstdio>

namespace audisp_ima {
namespace {

// What a lead byte announces (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences"): the
// sequence length and the allowed range of the second byte. The narrowed second-byte ranges are
// what exclude overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
struct LeadByte {
    size_t length;  // 0: cannot start a sequence (80..C1, F5..FF)
    unsigned char second_min;
    unsigned char second_max;
};

LeadByte classify_lead(unsigned char b) {
    if (b < 0x80) return {1, 0, 0};
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
    if (b == 0xE0) return {3, 0xA0, 0xBF};
    if (b == 0xED) return {3, 0x80, 0x9F};
    if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
    if (b == 0xF0) return {4, 0x90, 0xBF};
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
    if (b == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

// How many bytes at the start of `rest` form a valid sequence or the valid prefix of one.
size_t well_formed_prefix(std::string_view rest, const LeadByte& lead) {
    size_t n = 1;
    while (n < lead.length && n < rest.size()) {
        auto c = static_cast<unsigned char>(rest[n]);
        unsigned char min = n == 1 ? lead.second_min : 0x80;
        unsigned char max = n == 1 ? lead.second_max : 0xBF;
        if (c < min || c > max) break;
        ++n;
    }
    return n;
}

bool is_leap_year(uint64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

struct CivilDate {
    uint64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

CivilDate civil_from_days(uint64_t days) {
    // Every 400 consecutive Gregorian years hold exactly 97 leap days (146097 days), whatever year
    // they start in; skipping whole cycles first keeps the year loop under 400 steps.
    constexpr uint64_t kDaysPer400Years = 400 * 365 + 97;
    uint64_t year = 1970 + 400 * (days / kDaysPer400Years);
    days %= kDaysPer400Years;
    for (uint64_t length = is_leap_year(year) ? 366 : 365; days >= length;
         length = is_leap_year(year) ? 366 : 365) {
        days -= length;
        ++year;
    }
    static constexpr unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned month = 0;
    for (;; ++month) {
        uint64_t length = kMonthDays[month] + (month == 1 && is_leap_year(year) ? 1 : 0);
        if (days < length) break;
        days -= length;
    }
    return {year, month + 1, static_cast<unsigned>(days) + 1};
}

}  // namespace

Utf8Unit next_utf8_unit(std::string_view bytes) {
    LeadByte lead = classify_lead(static_cast<unsigned char>(bytes[0]));
    if (lead.length == 0) return {1, false};  // a bad lead byte is one maximal subpart on its own
    size_t valid = well_formed_prefix(bytes, lead);
    // A started sequence that breaks off is one subpart up to (not including) the byte that
    // broke it, which is examined afresh.
    return {valid, valid == lead.length};
}

std::string to_valid_utf8(std::string_view bytes, bool* replaced) {
    std::string out;
    out.reserve(bytes.size());
    bool any = false;
    size_t i = 0;
    while (i < bytes.size()) {
        Utf8Unit unit = next_utf8_unit(bytes.substr(i));
        if (unit.valid) {
            out.append(bytes.substr(i, unit.length));
        } else {
            out.append(kReplacementCharacter);
            any = true;
        }
        i += unit.length;
    }
    if (replaced) *replaced = any;
    return out;
}

std::string rfc3339_utc(uint64_t sec, uint32_t msec) {
    sec += msec / 1000;
    msec %= 1000;
    CivilDate date = civil_from_days(sec / 86400);
    auto second_of_day = static_cast<unsigned>(sec % 86400);
    // Digit by digit: every message has one, and snprintf's format parsing cost more than the rest.
    char year[24];
    auto year_end = std::to_chars(year, year + sizeof year, date.year).ptr;
    std::string text;
    text.reserve(24 + static_cast<size_t>(year_end - year));
    text.append(year, year_end);  // 1970 or later: four digits or more, as %04 gave
    auto two_digits = [&](char before, unsigned value) {
        char digits[3] = {before, static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
        text.append(digits, 3);
    };
    two_digits('-', date.month);
    two_digits('-', date.day);
    two_digits('T', second_of_day / 3600);
    two_digits(':', second_of_day / 60 % 60);
    two_digits(':', second_of_day % 60);
    char fraction[5] = {'.', static_cast<char>('0' + msec / 100), static_cast<char>('0' + msec / 10 % 10),
                        static_cast<char>('0' + msec % 10), 'Z'};
    text.append(fraction, 5);
    return text;
}

std::string epoch_millis(uint64_t sec, uint32_t msec) {
    sec += msec / 1000;
    msec %= 1000;
    if (sec == 0) return std::to_string(msec);
    // Concatenating avoids sec * 1000 overflowing for corrupt far-future timestamps.
    char millis[16];
    std::snprintf(millis, sizeof millis, "%03u", static_cast<unsigned>(msec));
    return std::to_string(sec) + millis;
}

std::string pipe_header_field(std::string_view text) {
    std::string out;
    for (char c : to_valid_utf8(text)) {
        if (c == '\\' || c == '|') {
            out.push_back('\\');
            out.push_back(c);
        } else if (is_control_byte(c)) {
            out += kReplacementCharacter;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace audisp_ima

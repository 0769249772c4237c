#include "plugin/syslog_framing.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace audisp_ima {
namespace {

// glibc formats the month with strftime %h in the C locale, whatever LC_TIME says.
constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr size_t rfc3164_timestamp_size = 15;  // "Nov  6 09:05:03"
constexpr size_t rfc5424_timestamp_size = 32;  // "2025-11-06T09:05:03.123456+01:00"

void append_number(std::string& out, unsigned value, int width, char pad = '0') {
    std::array<char, 12> digits{};
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0 && n < static_cast<int>(digits.size()));
    for (int i = n; i < width; ++i) out.push_back(pad);
    while (n > 0) out.push_back(digits[--n]);
}

// A header field must be one token: rsyslog ends the tag at the first space, RFC 5424 allows
// only PRINTUSASCII (33..126). Anything else would push part of the header into the message.
std::string header_token(std::string_view text, size_t max_size) {
    std::string token(text.substr(0, max_size));
    for (char& c : token)
        if (static_cast<unsigned char>(c) < 33 || static_cast<unsigned char>(c) > 126) c = '_';
    return token;
}

std::string nil_if_empty(std::string token) { return token.empty() ? std::string("-") : token; }

int clamp_field(int value, int low, int high) { return std::clamp(value, low, high); }

}  // namespace

LocalTime to_local_time(std::chrono::system_clock::time_point t, std::chrono::seconds utc_offset) {
    using namespace std::chrono;
    const sys_time<microseconds> local{floor<microseconds>(t.time_since_epoch()) + utc_offset};
    const sys_days day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss<microseconds> clock{local - day};
    LocalTime out;
    out.year = static_cast<int>(ymd.year());
    out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.hour = static_cast<int>(clock.hours().count());
    out.minute = static_cast<int>(clock.minutes().count());
    out.second = static_cast<int>(clock.seconds().count());
    out.microsecond = static_cast<int>(clock.subseconds().count());
    out.utc_offset_minutes = static_cast<int>(duration_cast<minutes>(utc_offset).count());
    return out;
}

SyslogFraming::SyslogFraming(const SyslogIdentity& identity) : header_(identity.header) {
    const int pri = (identity.facility & LOG_FACMASK) | (identity.priority & LOG_PRIMASK);
    pri_ = "<" + std::to_string(pri) + ">";
    const std::string pid = std::to_string(identity.pid);
    if (header_ == SyslogHeader::rfc3164) {
        // Like glibc with LOG_PID; ident is not limited in length (rsyslog takes up to 511 bytes).
        tail_ = " " + header_token(identity.ident, std::string_view::npos) + "[" + pid + "]: ";
    } else {
        pri_ += "1 ";
        tail_ = " " + nil_if_empty(header_token(identity.hostname, 255)) + " " +
                nil_if_empty(header_token(identity.ident, 48)) + " " + pid + " - - ";
    }
}

void SyslogFraming::append_header(std::string& out, const LocalTime& t) const {
    const auto month = static_cast<size_t>(clamp_field(t.month, 1, 12) - 1);
    const auto day = static_cast<unsigned>(clamp_field(t.day, 1, 31));
    const auto hour = static_cast<unsigned>(clamp_field(t.hour, 0, 23));
    const auto minute = static_cast<unsigned>(clamp_field(t.minute, 0, 59));
    const auto second = static_cast<unsigned>(clamp_field(t.second, 0, 60));  // 60: leap second
    out += pri_;
    if (header_ == SyslogHeader::rfc3164) {
        out += month_names[month];
        out += ' ';
        append_number(out, day, 2, ' ');
        out += ' ';
    } else {
        append_number(out, static_cast<unsigned>(clamp_field(t.year, 0, 9999)), 4);
        out += '-';
        append_number(out, static_cast<unsigned>(month + 1), 2);
        out += '-';
        append_number(out, day, 2);
        out += 'T';
    }
    append_number(out, hour, 2);
    out += ':';
    append_number(out, minute, 2);
    out += ':';
    append_number(out, second, 2);
    if (header_ == SyslogHeader::rfc5424) {
        out += '.';
        append_number(out, static_cast<unsigned>(clamp_field(t.microsecond, 0, 999999)), 6);
        // RFC 3339 "+00:00": the local time is UTC (what rsyslog itself writes for UTC hosts).
        const int offset = clamp_field(t.utc_offset_minutes, -(99 * 60 + 59), 99 * 60 + 59);
        out += offset < 0 ? '-' : '+';
        append_number(out, static_cast<unsigned>(std::abs(offset) / 60), 2);
        out += ':';
        append_number(out, static_cast<unsigned>(std::abs(offset) % 60), 2);
    }
    out += tail_;
}

size_t SyslogFraming::max_header_size() const {
    const size_t timestamp = header_ == SyslogHeader::rfc3164 ? rfc3164_timestamp_size : rfc5424_timestamp_size;
    return pri_.size() + timestamp + tail_.size();
}

std::string syslog_datagram(const SyslogFraming& framing, const LocalTime& t, std::string_view message) {
    std::string out;
    out.reserve(framing.max_header_size() + message.size());
    framing.append_header(out, t);
    out += message;
    return out;
}

}  // namespace audisp_ima

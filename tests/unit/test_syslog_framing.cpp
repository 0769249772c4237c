// Syslog datagram headers, byte for byte. Expected strings are written out by hand from the
// formats in plugin/syslog_framing.h (glibc's "<%d>%h %e %T ident[pid]: " and RFC 5424 6.x).
#include <catch2/catch.hpp>

#include <ctime>

#include "plugin/backoff.h"
#include "plugin/syslog_framing.h"

using namespace audisp_ima;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

// 2025-11-06 08:05:03.123456 UTC
sys_time<microseconds> sample_instant() { return sys_days{2025y / November / 6} + 8h + 5min + 3s + 123456us; }

LocalTime local(int year, int month, int day, int hour, int minute, int second, int microsecond, int offset_minutes) {
    return LocalTime{year, month, day, hour, minute, second, microsecond, offset_minutes};
}

SyslogIdentity identity(SyslogHeader header, int facility = LOG_USER, int priority = LOG_INFO) {
    SyslogIdentity id;
    id.header = header;
    id.facility = facility;
    id.priority = priority;
    id.ident = "audisp-ima";
    id.hostname = "web01";
    id.pid = 4242;
    return id;
}

std::string header_of(const SyslogFraming& framing, const LocalTime& t) {
    std::string out;
    framing.append_header(out, t);
    return out;
}

}  // namespace

TEST_CASE("to_local_time shifts by the zone offset", "[syslog_framing]") {
    const LocalTime cet = to_local_time(sample_instant(), 1h);
    CHECK(cet.year == 2025);
    CHECK(cet.month == 11);
    CHECK(cet.day == 6);
    CHECK(cet.hour == 9);
    CHECK(cet.minute == 5);
    CHECK(cet.second == 3);
    CHECK(cet.microsecond == 123456);
    CHECK(cet.utc_offset_minutes == 60);
}

TEST_CASE("to_local_time crosses day, month and year boundaries", "[syslog_framing]") {
    // 23:30 UTC on New Year's Eve is 00:30 the next year in UTC+1.
    const LocalTime new_year = to_local_time(sys_days{2025y / December / 31} + 23h + 30min, 1h);
    CHECK((new_year.year == 2026 && new_year.month == 1 && new_year.day == 1 && new_year.hour == 0 && new_year.minute == 30));
    // 02:00 UTC on 1 January is 21:00 the day before in UTC-5.
    const LocalTime new_york = to_local_time(sys_days{2025y / January / 1} + 2h, -5h);
    CHECK((new_york.year == 2024 && new_york.month == 12 && new_york.day == 31 && new_york.hour == 21));
    CHECK(new_york.utc_offset_minutes == -300);
    // Leap day, and a half-hour zone (India, +05:30): 20:00 UTC is 01:30 on 1 March.
    const LocalTime india = to_local_time(sys_days{2024y / February / 29} + 20h, 5h + 30min);
    CHECK((india.month == 3 && india.day == 1 && india.hour == 1 && india.minute == 30));
    CHECK(india.utc_offset_minutes == 330);
}

TEST_CASE("to_local_time keeps microseconds, never rounds up", "[syslog_framing]") {
    const auto t = sys_days{2025y / November / 6} + 8h + 5min + 3s + 999999us + 900ns;
    const LocalTime utc = to_local_time(time_point_cast<system_clock::duration>(t), 0s);
    CHECK(utc.second == 3);
    CHECK(utc.microsecond == 999999);
}

TEST_CASE("rfc3164: glibc's local-socket header", "[syslog_framing]") {
    const SyslogFraming framing(identity(SyslogHeader::rfc3164));
    // Day below 10 padded with a space, as strftime %e does.
    CHECK(syslog_datagram(framing, local(2025, 11, 6, 9, 5, 3, 123456, 60), R"({"a":1})") ==
          R"(<14>Nov  6 09:05:03 audisp-ima[4242]: {"a":1})");
    CHECK(header_of(framing, local(2025, 12, 25, 23, 59, 59, 0, 0)) == "<14>Dec 25 23:59:59 audisp-ima[4242]: ");
    CHECK(header_of(framing, local(2026, 1, 1, 0, 0, 0, 0, 0)) == "<14>Jan  1 00:00:00 audisp-ima[4242]: ");
}

TEST_CASE("PRI is facility | priority as the LOG_ macros combine", "[syslog_framing]") {
    const LocalTime t = local(2025, 5, 17, 1, 2, 3, 0, 0);
    // LOG_AUTHPRIV = 10 << 3 = 80, LOG_WARNING = 4.
    CHECK(header_of(SyslogFraming(identity(SyslogHeader::rfc3164, LOG_AUTHPRIV, LOG_WARNING)), t) ==
          "<84>May 17 01:02:03 audisp-ima[4242]: ");
    // LOG_LOCAL7 = 23 << 3 = 184, LOG_DEBUG = 7.
    CHECK(header_of(SyslogFraming(identity(SyslogHeader::rfc5424, LOG_LOCAL7, LOG_DEBUG)), t).starts_with("<191>1 "));
    // LOG_KERN | LOG_EMERG = 0.
    CHECK(header_of(SyslogFraming(identity(SyslogHeader::rfc3164, LOG_KERN, LOG_EMERG)), t).starts_with("<0>May"));
}

TEST_CASE("rfc3164 timestamps agree with strftime(\"%h %e %T\") in the C locale", "[syslog_framing]") {
    // glibc builds the header with exactly this strftime format; our formatting must match it
    // for every day of a year (here in UTC, offset 0) and at odd times of day.
    const SyslogFraming framing(identity(SyslogHeader::rfc3164));
    for (int day = 0; day < 366; ++day) {
        const sys_seconds t = sys_days{2024y / January / 1} + days(day) + hours(day % 24) + minutes(day % 60) + seconds(day % 61 % 60);
        const std::time_t c = system_clock::to_time_t(t);
        std::tm tm{};
        gmtime_r(&c, &tm);
        char expected[64];
        REQUIRE(std::strftime(expected, sizeof(expected), "<14>%h %e %T audisp-ima[4242]: ", &tm) > 0);
        REQUIRE(header_of(framing, to_local_time(t, 0s)) == expected);
    }
}

TEST_CASE("rfc5424: VERSION 1, RFC 3339 time with microseconds and offset, nil MSGID and SD", "[syslog_framing]") {
    const SyslogFraming framing(identity(SyslogHeader::rfc5424));
    CHECK(syslog_datagram(framing, local(2025, 11, 6, 9, 5, 3, 123456, 60), R"({"a":1})") ==
          R"(<14>1 2025-11-06T09:05:03.123456+01:00 web01 audisp-ima 4242 - - {"a":1})");
    // UTC is written as +00:00, a negative offset with its minutes, microseconds zero-padded.
    CHECK(header_of(framing, local(2025, 1, 2, 3, 4, 5, 6, 0)) == "<14>1 2025-01-02T03:04:05.000006+00:00 web01 audisp-ima 4242 - - ");
    CHECK(header_of(framing, local(2025, 1, 2, 3, 4, 5, 0, -210)) == "<14>1 2025-01-02T03:04:05.000000-03:30 web01 audisp-ima 4242 - - ");
}

TEST_CASE("rfc5424: empty host name is the NILVALUE, over-long names are cut", "[syslog_framing]") {
    SyslogIdentity id = identity(SyslogHeader::rfc5424);
    id.hostname = "";
    id.ident = std::string(60, 'a');
    const std::string header = header_of(SyslogFraming(id), local(2025, 1, 2, 3, 4, 5, 0, 0));
    CHECK(header == "<14>1 2025-01-02T03:04:05.000000+00:00 - " + std::string(48, 'a') + " 4242 - - ");
}

TEST_CASE("header fields stay one token: spaces and control bytes become '_'", "[syslog_framing]") {
    SyslogIdentity id = identity(SyslogHeader::rfc3164);
    id.ident = "audisp ima\t\xc3\xa9";
    CHECK(header_of(SyslogFraming(id), local(2025, 1, 2, 3, 4, 5, 0, 0)) == "<14>Jan  2 03:04:05 audisp_ima___[4242]: ");
    id.header = SyslogHeader::rfc5424;
    id.hostname = "my host";
    CHECK(header_of(SyslogFraming(id), local(2025, 1, 2, 3, 4, 5, 0, 0)) ==
          "<14>1 2025-01-02T03:04:05.000000+00:00 my_host audisp_ima___ 4242 - - ");
}

TEST_CASE("max_header_size bounds every header", "[syslog_framing]") {
    for (const SyslogHeader kind : {SyslogHeader::rfc3164, SyslogHeader::rfc5424}) {
        const SyslogFraming framing(identity(kind, LOG_LOCAL7, LOG_DEBUG));
        const std::string header = header_of(framing, local(2025, 12, 31, 23, 59, 59, 999999, -(11 * 60 + 30)));
        CHECK(header.size() == framing.max_header_size());
    }
    // "<14>Nov  6 09:05:03 audisp-ima[4242]: " is 4 + 15 + 19 bytes.
    CHECK(SyslogFraming(identity(SyslogHeader::rfc3164)).max_header_size() == 38);
}

TEST_CASE("back-off doubles up to its cap and starts over on reset", "[syslog_framing]") {
    Backoff backoff(50ms, 5000ms);
    const std::chrono::milliseconds expected[] = {50ms, 100ms, 200ms, 400ms, 800ms, 1600ms, 3200ms, 5000ms, 5000ms};
    for (const auto wait : expected) CHECK(backoff.next() == wait);
    backoff.reset();
    CHECK(backoff.next() == 50ms);
}

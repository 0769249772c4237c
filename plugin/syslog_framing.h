// The header in front of each message on the local syslog socket. Pure: no I/O, no clock, no
// time zone lookup. The caller passes the local time (and its UTC offset), so every byte of a
// datagram can be worked out in a test.
//
// RFC 3164 style, what glibc's syslog(3) writes to /dev/log and what every local daemon parses:
//     <PRI>Mmm dd hh:mm:ss IDENT[PID]: MESSAGE
// glibc (misc/syslog.c) builds it as fprintf "<%d>", strftime "%h %e %T " on localtime_r(now)
// in the C locale, then "ident", "[%d]" for LOG_PID, ": ". So the month is the English
// abbreviation, the day is padded with a space ("Nov  6"), and no host name is sent: the daemon
// adds its own.
//
// RFC 5424 (section 6), VERSION 1, no MSGID, no STRUCTURED-DATA, no BOM (MSG-ANY):
//     <PRI>1 YYYY-MM-DDThh:mm:ss.uuuuuu+hh:mm HOSTNAME APP-NAME PROCID - - MESSAGE
// TIMESTAMP is RFC 3339 with at most 6 fraction digits (we always write 6) and the local offset;
// an empty field is the NILVALUE "-"; HOSTNAME is at most 255 and APP-NAME at most 48 printable
// US-ASCII characters (section 6.2.4, 6.2.5).
//
// PRI is facility | priority exactly as the LOG_* macros combine (LOG_USER|LOG_INFO = 14).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "plugin/settings.h"

namespace audisp_ima {

// A moment as the local wall clock shows it.
struct LocalTime {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int microsecond = 0;
    int utc_offset_minutes = 0;  // east of UTC positive (CET = +60)
};

// `t` as seen in a zone `utc_offset` east of UTC (the caller learns the offset from the zone).
LocalTime to_local_time(std::chrono::system_clock::time_point t, std::chrono::seconds utc_offset);

// Who is speaking, fixed for the life of the sink.
struct SyslogIdentity {
    SyslogHeader header = SyslogHeader::rfc3164;
    int facility = LOG_USER;
    int priority = LOG_INFO;
    std::string ident = "audisp-ima";
    std::string hostname;  // rfc5424 only; empty = "-"
    long pid = 0;
};

class SyslogFraming {
public:
    explicit SyslogFraming(const SyslogIdentity& identity);

    // Appends the header for a message sent at `t`; the message follows it directly.
    void append_header(std::string& out, const LocalTime& t) const;
    // No header is longer: what a message may use of a datagram limit is the limit minus this.
    size_t max_header_size() const;

private:
    SyslogHeader header_;
    std::string pri_;   // "<14>" or "<14>1 "
    std::string tail_;  // rfc3164 " ident[pid]: ", rfc5424 " host app pid - - "
};

// Header and message, the whole datagram (tests, and callers that want one buffer).
std::string syslog_datagram(const SyslogFraming& framing, const LocalTime& t, std::string_view message);

}  // namespace audisp_ima

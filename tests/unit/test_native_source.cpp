// The native event source and its field splitter. Expected values are worked out from the record
// text by libauparse 3.0.9's rules (auparse/ellist.c parse_up_record, auparse/auparse.c feed mode);
// tests/golden/test_differential.cpp checks the same against libauparse itself.
#include <catch2/catch.hpp>
#include <libaudit.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "parser/event_source.h"
#include "parser/record_fields.h"

using namespace audisp_ima;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// The record views its line and the values made for it: both are kept for the test binary's life.
AuditRecord split(std::string_view line) {
    static EventText kept;
    AuditRecord record;
    split_record_fields(kept.keep(std::string(line)), record, kept);
    return record;
}

Fields fields_of(std::string_view line) {
    Fields out;
    for (const auto& f : split(line).fields) out.emplace_back(f.name, f.value);
    return out;
}

// A record of `type` at 1795714810.720:serial with `body` after the header.
std::string line(const std::string& type, uint64_t serial, const std::string& body, const std::string& node = "h1") {
    std::string prefix = node.empty() ? "" : "node=" + node + " ";
    return prefix + "type=" + type + " msg=audit(1795714810.720:" + std::to_string(serial) + "): " + body + "\n";
}

std::string at(uint64_t sec, const std::string& type, uint64_t serial, const std::string& body) {
    return "type=" + type + " msg=audit(" + std::to_string(sec) + ".000:" + std::to_string(serial) + "): " + body + "\n";
}

struct Collected {
    std::vector<AuditEvent> events;
    std::vector<std::string> malformed;
    std::unique_ptr<EventSource> source;

    explicit Collected(SourceOptions options = {}) {
        source = make_native_source([this](AuditEvent&& e) { events.push_back(std::move(e)); },
                                    [this](const MalformedLine& m) { malformed.emplace_back(m.reason); }, options);
    }
    const AuditEvent* find(uint64_t serial) const {
        for (const auto& e : events)
            if (e.key.serial == serial) return &e;
        return nullptr;
    }
    std::vector<std::string> types(size_t event) const {
        std::vector<std::string> out;
        for (const auto& r : events.at(event).records) out.emplace_back(r.type_name);
        return out;
    }
    void require_books_balance() const { CHECK(source->counters().delivered == source->counters().records); }
};

const std::string kIma = line("INTEGRITY_RULE", 171, "file=\"/opt/sudo\" hash=\"sha256:a3d9\" ppid=401 pid=433 comm=\"bash\"");
const std::string kSyscall = line("SYSCALL", 171, "arch=c000003e syscall=59 success=yes exit=0 items=1 pid=433 key=\"exec\"");
const std::string kExecve = line("EXECVE", 171, "argc=2 a0=\"/opt/sudo\" a1=\"-u\"");
const std::string kPath = line("PATH", 171, "item=0 name=\"/opt/sudo\" inode=13525 nametype=NORMAL");
const std::string kTitle = line("PROCTITLE", 171, "proctitle=2F6F70742F7375646F002D75");
const std::string kEoe = line("EOE", 171, "");

}  // namespace

// ---- fields -------------------------------------------------------------------------------------

TEST_CASE("record fields: prefixes are the type, not fields; values stay raw", "[native][fields]") {
    auto r = split("node=h1 type=SYSCALL msg=audit(1.000:2): arch=c000003e comm=\"a b\" exe=/bin/x");
    CHECK(r.type == 1300);
    CHECK(r.type_name == "SYSCALL");
    // "a b" is two words for libauparse: comm="a and b" (no '=': dropped)
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): arch=c000003e comm=\"a b\" exe=/bin/x") ==
          Fields{{"arch", "c000003e"}, {"comm", "\"a"}, {"exe", "/bin/x"}});
    // UNKNOWN[n] and bare numbers are read by libaudit as the number; an unknown name is -1, no name
    CHECK(split("type=UNKNOWN[1805] msg=audit(1.000:2): x=1").type == 1805);
    CHECK(split("type=UNKNOWN[1805] msg=audit(1.000:2): x=1").type_name == "INTEGRITY_RULE");
    CHECK(split("type=NO_SUCH_TYPE msg=audit(1.000:2): x=1").type == -1);
    CHECK(split("type=NO_SUCH_TYPE msg=audit(1.000:2): x=1").type_name.empty());
    // a body field named node or type is data (only the prefixes are taken away)
    CHECK(fields_of("node=a type=USER_AVC msg=audit(1.000:2): node=b type=c") == Fields{{"node", "b"}, {"type", "c"}});
}

TEST_CASE("record types: the names read without libaudit's table get libaudit's numbers", "[native][fields]") {
    // The short cut for an execution's record names must agree with the table for each of them,
    // and near misses (other case, trailing punctuation, one letter more) must still go to it.
    for (const char* name : {"EOE", "CWD", "PATH", "EXECVE", "SYSCALL", "PROCTITLE", "INTEGRITY_RULE", "eoe", "Path",
                             "SYSCALLS", "AVC", "USER_AVC", "UNKNOWN[1300]", "1300", "NO_SUCH_TYPE"}) {
        INFO(name);
        CHECK(record_type_number(name) == audit_name_to_msg_type(std::string(name).c_str()));
    }
    CHECK(record_type_number("SYSCALL") == 1300);
    CHECK(record_type_number("INTEGRITY_RULE") == 1805);
    CHECK(record_type_number("PATH:") == record_type_number("PATH"));  // the token's punctuation comes off first
}

TEST_CASE("record fields: runs of spaces, tabs, words without '=' and empty values", "[native][fields]") {
    CHECK(fields_of("type=PATH msg=audit(1.000:2):   a=1    b=2\tc=3 word  d= e=4 ") ==
          Fields{{"a", "1"}, {"b", "2\tc=3"}, {"e", "4"}});
    // the emptiness test comes before the punctuation is cut: "f=:" keeps an empty value
    CHECK(fields_of("type=PATH msg=audit(1.000:2): f=: g=, h=") == Fields{{"f", ""}, {"g", ""}});
    // "=x" has an empty name, kept; "(name=" loses its '('
    CHECK(fields_of("type=PATH msg=audit(1.000:2): =x (seqno=2)") == Fields{{"", "x"}, {"seqno", "2"}});
}

TEST_CASE("record fields: trailing ':' ',' '\\'' ')' come off once each, in that order", "[native][fields]") {
    CHECK(fields_of("type=PATH msg=audit(1.000:2): a=x: b=x, c=x' d=x) e=x),:") ==
          Fields{{"a", "x"}, {"b", "x"}, {"c", "x"}, {"d", "x"}, {"e", "x"}});
    // out of order, only the last in the sequence goes: "x:," loses ',' but keeps ':'
    CHECK(fields_of("type=PATH msg=audit(1.000:2): a=x:, b=x)) c=x::") == Fields{{"a", "x:"}, {"b", "x)"}, {"c", "x:"}});
    // (none) and (null) keep their ')' (after the other punctuation is gone)
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): tty=(none) key=(null) k=(null), x=(nonex)") ==
          Fields{{"tty", "(none)"}, {"key", "(null)"}, {"k", "(null)"}, {"x", "(nonex"}});
}

TEST_CASE("record fields: msg=audit is dropped, msg='...' gives its fields", "[native][fields]") {
    CHECK(fields_of("type=USER_CMD msg=audit(1.000:2): pid=5 msg='cwd=\"/root\" cmd=6C73 res=success'") ==
          Fields{{"pid", "5"}, {"cwd", "\"/root\""}, {"cmd", "6C73"}, {"res", "success"}});
    // msg=' followed by a word without '=' is dropped; any msg=a... word is taken for the header
    CHECK(fields_of("type=USER_CMD msg=audit(1.000:2): msg='hello op=x msg=abc msg=zz") ==
          Fields{{"op", "x"}, {"msg", "zz"}});
}

TEST_CASE("record fields: key= quoted, null, and hex with 0x01 between keys", "[native][fields]") {
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=\"exec\"") == Fields{{"key", "\"exec\""}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=(null)") == Fields{{"key", "(null)"}});
    // "exec" 0x01 "ima": 65786563 01 696D61 -> two keys, each quoted again
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=6578656301696D61") == Fields{{"key", "\"exec\""}, {"key", "\"ima\""}});
    // empty pieces vanish; a piece with a blank or '"' is written back as upper-case hex
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=0161200101220A") == Fields{{"key", "6120"}, {"key", "220A"}});
    // decoding stops at the first non-hex digit and at a NUL byte; an odd digit is a high nibble
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=4142zz43") == Fields{{"key", "\"AB\""}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=41004243") == Fields{{"key", "\"A\""}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=414") == Fields{{"key", "\"A@\""}});
    // fewer than two hex digits: a key without a value; only separators: no key at all
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=x") == Fields{{"key", ""}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=:") == Fields{{"key", ""}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): key=0101 a=1") == Fields{{"a", "1"}});
}

TEST_CASE("record fields: the ENRICHED tail after 0x1D is not the record's", "[native][fields]") {
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): arch=c000003e uid=0\x1d" "ARCH=x86_64 UID=\"root\"") ==
          Fields{{"arch", "c000003e"}, {"uid", "0"}});
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): uid=0 \x1d" "UID=\"root\"") == Fields{{"uid", "0"}});
}

TEST_CASE("record fields: AVC's unlabelled result and permission list", "[native][fields]") {
    std::string avc = "avc:  denied  { read write } for  pid=1 comm=\"x\"";
    CHECK(fields_of("node=n type=AVC msg=audit(1.000:2): " + avc) ==
          Fields{{"seresult", "denied"}, {"seperms", "read,write"}, {"pid", "1"}, {"comm", "\"x\""}});
    CHECK(fields_of("type=USER_AVC msg=audit(1.000:2): " + avc) ==
          Fields{{"seresult", "denied"}, {"seperms", "read,write"}, {"pid", "1"}, {"comm", "\"x\""}});
    // elsewhere the same words are not fields
    CHECK(fields_of("type=SYSCALL msg=audit(1.000:2): " + avc) == Fields{{"pid", "1"}, {"comm", "\"x\""}});
    // a list longer than libauparse's 255 bytes is kept whole (libauparse drops the record)
    std::string perms(300, 'p');
    CHECK(fields_of("type=AVC msg=audit(1.000:2): avc: granted { " + perms + " } a=1") ==
          Fields{{"seresult", "granted"}, {"seperms", perms}, {"a", "1"}});
    // other unlabelled words before the '{' are dropped: the list is still found (libauparse gives
    // such a word no name, and its list refuses a nameless field)
    CHECK(fields_of("type=AVC msg=audit(1.000:2): avc: denied nolist {x read } a=1") ==
          Fields{{"seresult", "denied"}, {"seperms", "read"}, {"a", "1"}});
}

TEST_CASE("record fields: which types end an event by themselves (libauparse's rule)", "[native][fields]") {
    CHECK(ends_event(1320));   // EOE
    CHECK(ends_event(1327));   // PROCTITLE
    CHECK(ends_event(1112));   // USER_LOGIN: user-space messages are events of one record
    CHECK(ends_event(-1));     // a type libaudit cannot name
    CHECK(ends_event(1416));   // MAC_UNLBL_STCADD
    CHECK(ends_event(2000));   // KERNEL
    CHECK(ends_event(2100));   // ANOM_LOGIN_FAILURES and later
    CHECK_FALSE(ends_event(1300));  // SYSCALL
    CHECK_FALSE(ends_event(1302));  // PATH
    CHECK_FALSE(ends_event(1805));  // INTEGRITY_RULE: waits for its exec's records
    CHECK_FALSE(ends_event(1400));  // AVC
}

// ---- grouping -----------------------------------------------------------------------------------

TEST_CASE("native source: an execution's records are one event, out at once, EOE not among them", "[native][source]") {
    Collected c;
    c.source->feed(kIma + kSyscall + kExecve + kPath);
    CHECK(c.events.empty());
    CHECK(c.source->has_pending());
    c.source->feed(kTitle);  // PROCTITLE ends it: no wait for EOE or a timeout
    REQUIRE(c.events.size() == 1);
    CHECK_FALSE(c.source->has_pending());
    c.source->feed(kEoe);  // its EOE comes alone and is dropped
    CHECK(c.events.size() == 1);
    const auto& e = c.events[0];
    CHECK(e.key == EventKey{"h1", 1795714810, 720, 171});
    CHECK(c.types(0) == std::vector<std::string>{"INTEGRITY_RULE", "SYSCALL", "EXECVE", "PATH", "PROCTITLE"});
    CHECK(*e.records[0].find("file") == "\"/opt/sudo\"");
    CHECK(e.records[0].find("type") == nullptr);
    CHECK(e.records[0].find("node") == nullptr);
    CHECK(c.source->counters().records == 6);
    CHECK(c.source->counters().delivered == 6);
}

TEST_CASE("native source: EOE ends an event at once and is not one of its records", "[native][source]") {
    Collected c;
    c.source->feed(line("SYSCALL", 5, "syscall=257") + line("CWD", 5, "cwd=\"/\""));
    CHECK(c.events.empty());
    c.source->feed(line("EOE", 5, ""));
    REQUIRE(c.events.size() == 1);
    CHECK(c.types(0) == std::vector<std::string>{"SYSCALL", "CWD"});
    CHECK(c.source->counters().delivered == 3);
    CHECK_FALSE(c.source->has_pending());
}

TEST_CASE("native source: interleaved events, node names, and a second event under a completed key", "[native][source]") {
    Collected c;
    c.source->feed(line("SYSCALL", 7, "a=1") + line("SYSCALL", 7, "a=2", "other") + line("SYSCALL", 7, "a=3", "") +
                   line("PATH", 7, "b=1") + line("EOE", 7, "", "") + line("PATH", 7, "b=2", "other"));
    REQUIRE(c.events.size() == 1);  // the node-less one, ended by its EOE
    CHECK(c.events[0].key.node.empty());
    c.source->feed(line("EOE", 7, "") + line("EOE", 7, "", "other"));
    REQUIRE(c.events.size() == 3);
    CHECK(c.events[1].key.node == "h1");
    CHECK(c.types(1) == std::vector<std::string>{"SYSCALL", "PATH"});
    CHECK(*c.events[1].records[1].find("b") == "1");
    CHECK(c.events[2].key.node == "other");
    CHECK(*c.events[2].records[1].find("b") == "2");
    // after PROCTITLE ended it, a record under the same key is a new event
    c.source->feed(line("SYSCALL", 8, "a=1") + line("PROCTITLE", 8, "p=1") + line("PATH", 8, "late=1"));
    c.source->flush();
    REQUIRE(c.events.size() == 5);
    CHECK(c.types(3) == std::vector<std::string>{"SYSCALL", "PROCTITLE"});
    CHECK(c.types(4) == std::vector<std::string>{"PATH"});
    c.require_books_balance();
}

TEST_CASE("native source: a user-space record is an event of its own", "[native][source]") {
    Collected c;
    c.source->feed(line("USER_LOGIN", 9, "pid=1 msg='op=login res=success'"));
    REQUIRE(c.events.size() == 1);
    CHECK(*c.events[0].records[0].find("res") == "success");
}

// ---- time ---------------------------------------------------------------------------------------

TEST_CASE("native source: a standalone measurement leaves when the stream is join_timeout past it", "[native][source]") {
    Collected c;  // join_timeout 2
    c.source->feed(at(1000, "INTEGRITY_RULE", 1, "file=\"/a\" hash=\"sha256:00\""));
    c.source->feed(at(1001, "SYSCALL", 2, "a=1"));
    CHECK(c.events.empty());  // 1000 + 2 > 1001
    c.source->feed(at(1002, "SYSCALL", 3, "a=1"));
    REQUIRE(c.events.size() == 1);  // 1000 + 2 <= 1002
    CHECK(c.events[0].key.serial == 1u);
    // a record stamped late does not age the stream forward, nor does an earlier one move it back
    c.source->feed(at(999, "INTEGRITY_RULE", 4, "x=1"));
    CHECK(c.events.size() == 1);
    c.source->feed(at(1003, "SYSCALL", 5, "a=1"));
    REQUIRE(c.events.size() == 3);  // serial 4 (999 + 2 <= 1003) and serial 2 (1001 + 2 <= 1003), by stamp
    CHECK(c.events[1].key.serial == 4u);
    CHECK(c.events[2].key.serial == 2u);
    // a lone EOE ages nothing (libauparse drops it before looking at the clock)
    c.source->feed(at(1010, "EOE", 99, ""));
    CHECK(c.events.size() == 3);
    c.source->flush();
    CHECK(c.events.size() == 5);
    c.require_books_balance();
}

TEST_CASE("native source: age() ends an event open join_timeout of wall time, even one stamped ahead", "[native][source]") {
    Collected c(SourceOptions{std::chrono::seconds(1)});
    c.source->feed("node=far type=INTEGRITY_RULE msg=audit(4102444800.000:7): file=\"/x\" hash=\"sha256:00\"\n");
    c.source->feed(at(1000, "INTEGRITY_RULE", 8, "file=\"/y\""));  // stamped in the past: the same
    c.source->age();
    CHECK(c.events.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    c.source->age();
    REQUIRE(c.events.size() == 2);
    CHECK(c.events[0].key.serial == 7u);  // oldest first
    CHECK_FALSE(c.source->has_pending());
    CHECK(c.source->counters().forced_completions == 0);  // aging is not forcing
}

TEST_CASE("native source: the number of open events is bounded, each eviction counted", "[native][source]") {
    Collected c;
    std::string burst;
    for (uint64_t serial = 1; serial <= 5000; ++serial) burst += at(1000, "INTEGRITY_RULE", serial, "file=\"/a\"");
    c.source->feed(burst);
    // 4096 are held; each of the other 904 pushed out the oldest
    REQUIRE(c.events.size() == 904);
    CHECK(c.events.front().key.serial == 1u);
    CHECK(c.events.back().key.serial == 904u);
    CHECK(c.source->counters().forced_completions == 904);
    // an execution arriving whole is not cut in two, and its records join its open event by hash
    c.source->feed(at(1000, "INTEGRITY_RULE", 9999, "file=\"/a\"") + at(1000, "SYSCALL", 9999, "syscall=59") +
                   at(1000, "EXECVE", 9999, "argc=1") + at(1000, "PATH", 9999, "item=0") +
                   at(1000, "PROCTITLE", 9999, "proctitle=61") + at(1000, "EOE", 9999, ""));
    CHECK(c.events.size() == 906);  // one more evicted when it opened, then the execution itself
    CHECK(c.events.back().key.serial == 9999u);
    CHECK(c.events.back().records.size() == 5);
    c.source->flush();
    CHECK(c.events.size() == 5001);
    c.require_books_balance();
}

// ---- bytes and lines ----------------------------------------------------------------------------

TEST_CASE("native source: any chunking gives the same events, and a last line without newline counts", "[native][source]") {
    std::string stream = kIma + line("SYSCALL", 172, "a=1") + kSyscall + kExecve + line("EOE", 172, "") + kPath + kTitle +
                         kEoe + line("INTEGRITY_PCR", 300, "pid=1 op=invalid_pcr res=1");
    stream.pop_back();  // input cut at EOF
    Collected whole;
    whole.source->feed(stream);
    whole.source->flush();
    REQUIRE(whole.events.size() == 3);
    CHECK(whole.source->counters().records == 9);
    CHECK(whole.find(300));
    for (size_t cut = 1; cut < stream.size(); ++cut) {
        Collected c;
        c.source->feed(std::string_view(stream).substr(0, cut));
        c.source->feed(std::string_view(stream).substr(cut));
        c.source->flush();
        INFO("cut at byte " << cut);
        REQUIRE(c.events.size() == whole.events.size());
        for (size_t i = 0; i < c.events.size(); ++i) {
            CHECK(c.events[i].key == whole.events[i].key);
            CHECK(c.types(i) == whole.types(i));
        }
        CHECK(c.source->counters().records == 9);
    }
    Collected bytes;
    for (char b : stream) bytes.source->feed(std::string_view(&b, 1));
    bytes.source->flush();
    CHECK(bytes.events.size() == 3);
    bytes.require_books_balance();
}

TEST_CASE("native source: malformed and blank lines are counted with their reasons", "[native][source]") {
    Collected c(SourceOptions{std::chrono::seconds(2), 200});
    c.source->feed("# comment\n\n" + kIma + "type=SYSCALL msg=audit(1795714810.720:\n" + "type=X msg=audit(1.2:3): a\n" +
                   "type=SYSCALL msg=audit(1.000:3): a=" + std::string(1, '\0') + "b\n" + "type=\x1dR msg=audit(1.230:3): \n" +
                   "type=PATH msg=audit(1.000:4): " + std::string(300, 'x') + "\n\n" +
                   "type=PATH msg=audit(1.000:4): a=\x1d\xff\x01\n");
    c.source->flush();
    CHECK(c.malformed == std::vector<std::string>{"no type= at start of line", "bad serial",
                                                  "bad timestamp milliseconds (need 3 digits)", "NUL byte in line",
                                                  "0x1D (auditd's enrichment separator) inside the record header",
                                                  "line longer than the limit"});
    CHECK(c.source->counters().malformed == 6);
    CHECK(c.source->counters().blank == 2);
    CHECK(c.source->counters().records == 2);
    REQUIRE(c.events.size() == 2);
    CHECK(c.events[1].records[0].fields.empty());  // "a=" then the enrichment: nothing left
    c.require_books_balance();
}

// Found by tests/fuzz/fuzz_differential (the libauparse source lost count of "EoE"): an EOE is
// known by libaudit's reading of the name, whatever its case, trailing punctuation or number.
TEST_CASE("native source: an EOE spelled otherwise ends its event, a lone one is counted", "[native][source]") {
    Collected c;
    c.source->feed("type=SYSCALL msg=audit(1.000:5): a=1\ntype=eoe msg=audit(1.000:5):\n"
                   "type=EOE, msg=audit(1.000:6):\ntype=1320 msg=audit(1.000:7): x=1\ntype=EoE msg=audit(2.977:9):");
    CHECK(c.events.size() == 1);  // out at the "eoe", before flush
    c.source->flush();
    REQUIRE(c.events.size() == 1);
    CHECK(c.types(0) == std::vector<std::string>{"SYSCALL"});
    CHECK(c.source->counters().records == 5);
    CHECK(!c.source->has_pending());
    c.require_books_balance();
}

// Found by tests/fuzz/fuzz_differential: libauparse reads second 0 as "no event" and hands out no
// stamp and no field of it (its source now refuses such records); the native source takes them.
TEST_CASE("native source: an event stamped at second 0 keeps its stamp, node and fields", "[native][source]") {
    Collected c;
    c.source->feed("node=h1 type=SYSCALL msg=audit(0.394:7): a=1\nnode=h1 type=PROCTITLE msg=audit(0.394:7): p=1\n"
                   "type=L msg=audit(0.394:0):");
    c.source->flush();
    REQUIRE(c.events.size() == 2);
    REQUIRE(c.find(7));
    CHECK(c.find(7)->key == EventKey{"h1", 0, 394, 7});
    CHECK(c.types(0) == std::vector<std::string>{"SYSCALL", "PROCTITLE"});
    CHECK(c.events[0].records[0].fields.at(0).name == "a");
    REQUIRE(c.find(0));
    CHECK(c.find(0)->key == EventKey{"", 0, 394, 0});
    CHECK(c.find(0)->records.at(0).type == -1);  // "L" is no type libaudit knows
    c.require_books_balance();
}

// Found by tests/fuzz/fuzz_differential (the libauparse source gave another reason, or none): the
// native source's rule, now both sources' — the byte in either name is the reason, however long.
TEST_CASE("native source: 0x1D in a long type name or a long node name is refused for the byte", "[native][source]") {
    Collected c;
    c.source->feed("type=\x1d" + std::string(99, 'T') + " msg=audit(1.000:1): a=1\n");
    c.source->feed("node=" + std::string(50, 'n') + "\x1d" + std::string(50, 'n') + " type=PATH msg=audit(1.000:2): item=0\n");
    c.source->flush();
    CHECK(c.malformed == std::vector<std::string>(2, "0x1D (auditd's enrichment separator) inside the record header"));
    CHECK(c.events.empty());
    CHECK(c.source->counters().records == 0);
}

TEST_CASE("native source: what libauparse refuses and the native source takes", "[native][source]") {
    Collected c;
    std::string long_node(60000, 'n');
    c.source->feed(line("INTEGRITY_RULE", 1, "file=\"/a\"", long_node) + line(std::string(300, 'T'), 2, "a=1") +
                   line("CWD", 3, "cwd=\"/a\" cwd=\"/b\"") + line("SYSCALL", 3, "a=1") + line("EOE", 3, ""));
    c.source->flush();
    CHECK(c.malformed.empty());
    REQUIRE(c.events.size() == 3);
    CHECK(c.find(1)->key.node == long_node);  // libauparse reads 340 bytes of a header
    CHECK(c.find(2)->records[0].type == -1);   // past its 80-byte window; no such type: alone
    REQUIRE(c.find(3)->records.size() == 2);   // a CWD with two cwd= (libauparse leaks on it)
    CHECK(c.find(3)->records[0].fields.size() == 2);
    c.require_books_balance();
}

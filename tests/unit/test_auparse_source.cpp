#include <auparse.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "parser/event_assembler.h"
#include "parser/event_source.h"

using namespace audisp_ima;

namespace {

struct Collected {
    std::vector<AuditEvent> events;
    std::vector<std::string> malformed;
    std::unique_ptr<EventSource> source;

    Collected() {
        source = make_auparse_source([this](AuditEvent&& e) { events.push_back(std::move(e)); },
                                     [this](const MalformedLine& m) { malformed.emplace_back(m.reason); });
    }
    const AuditEvent* find(uint64_t serial) const {
        for (const auto& e : events)
            if (e.key.serial == serial) return &e;
        return nullptr;
    }
};

std::string line(const std::string& type, uint64_t serial, const std::string& body) {
    return "node=h1 type=" + type + " msg=audit(1795714810.720:" + std::to_string(serial) + "): " + body + "\n";
}

const std::string kIma = line("INTEGRITY_RULE", 171,
    "file=\"/opt/sudo\" hash=\"sha256:a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c\" "
    "ppid=401 pid=433 auid=4294967295 uid=0 comm=\"bash\" exe=\"/usr/bin/bash\"");
const std::string kSyscall = line("SYSCALL", 171,
    "arch=c000003e syscall=59 success=yes exit=0 items=1 ppid=401 pid=433 auid=4294967295 uid=0 comm=\"sudo\" "
    "exe=\"/opt/sudo\" key=\"exec\"");
const std::string kExecve = line("EXECVE", 171, "argc=2 a0=\"/opt/sudo\" a1=\"-u\"");
const std::string kPath = line("PATH", 171, "item=0 name=\"/opt/sudo\" inode=13525 dev=fe:00 mode=0100755 nametype=NORMAL");
const std::string kTitle = line("PROCTITLE", 171, "proctitle=2F6F70742F7375646F002D75");
const std::string kEoe = line("EOE", 171, "");
// another CPU's event, serial 172
const std::string kOther1 = line("SYSCALL", 172, "arch=c000003e syscall=257 success=yes exit=3 pid=9 comm=\"cat\" exe=\"/usr/bin/cat\"");
const std::string kOther2 = line("CWD", 172, "cwd=\"/root\"");
const std::string kOther3 = line("PROCTITLE", 172, "proctitle=\"cat\"");
const std::string kOtherEoe = line("EOE", 172, "");

}  // namespace

TEST_CASE("auparse source: one record at a time, byte by byte", "[source]") {
    Collected c;
    std::string stream = kIma + kSyscall + kExecve + kPath + kTitle + kEoe;
    for (char byte : stream) c.source->feed(std::string_view(&byte, 1));
    c.source->flush();
    REQUIRE(c.events.size() == 1);
    const auto& e = c.events[0];
    CHECK(e.key.node == "h1");
    CHECK(e.key.sec == 1795714810u);
    CHECK(e.key.msec == 720u);
    CHECK(e.key.serial == 171u);
    REQUIRE(e.records.size() == 5);  // libauparse drops the trailing EOE
    CHECK(e.records[0].type == 1805);
    CHECK(e.records[0].type_name == "INTEGRITY_RULE");
    CHECK(*e.records[0].find("file") == "\"/opt/sudo\"");  // raw value, quotes kept
    CHECK(e.records[0].find("type") == nullptr);  // prefix tokens are not data fields
    CHECK(e.records[0].find("node") == nullptr);
    CHECK(e.records[4].type == 1327);
    CHECK(c.source->counters().records == 6);
    CHECK(c.source->counters().malformed == 0);
    CHECK(c.source->counters().delivered == 6);
}

// libauparse 3.0.9 silently drops a record whose milliseconds have fewer than 3 digits (the
// kernel always writes 3), so such a line is refused and counted before it can vanish.
TEST_CASE("auparse source: short milliseconds are refused, not lost", "[source]") {
    Collected c;
    c.source->feed("type=SYSCALL msg=audit(11.2:3): arch=c000003e syscall=59 success=yes exe=\"/bin/ls\"\n");
    c.source->feed("type=SYSCALL msg=audit(11.200:4): arch=c000003e syscall=59 success=yes exe=\"/bin/ls\"\n");
    c.source->flush();
    CHECK(c.source->counters().malformed == 1);
    CHECK(c.source->counters().records == 1);
    CHECK(c.source->counters().delivered == 1);
    REQUIRE(c.events.size() == 1);
    CHECK(c.events[0].key.serial == 4u);
}

TEST_CASE("auparse source: records of two events interleaved and split across reads", "[source]") {
    Collected c;
    std::string stream = kIma + kOther1 + kSyscall + kExecve + kOther2 + kPath + kOther3 + kOtherEoe + kTitle + kEoe;
    // cut in the middle of records, at odd places
    for (size_t pos = 0; pos < stream.size(); pos += 37) c.source->feed(std::string_view(stream).substr(pos, 37));
    c.source->flush();
    REQUIRE(c.events.size() == 2);
    const auto* exec = c.find(171);
    const auto* other = c.find(172);
    REQUIRE(exec);
    REQUIRE(other);
    REQUIRE(exec->records.size() == 5);
    CHECK(exec->records[0].type_name == "INTEGRITY_RULE");
    CHECK(exec->records[1].type_name == "SYSCALL");
    REQUIRE(other->records.size() == 3);
    CHECK(other->records[1].type_name == "CWD");
    // 10 record lines: 8 handed out in the two events, 2 EOE lines that closed them
    CHECK(c.source->counters().records == 10);
    CHECK(c.source->counters().delivered == 10);

    // ... and the assembler turns the first into one execution carrying the measured hash
    EventAssembler assembler;
    std::vector<Event> out;
    assembler.assemble(*exec, out);
    assembler.assemble(*other, out);
    REQUIRE(out.size() == 1);
    const auto& ev = std::get<ExecEvent>(out[0]);
    CHECK(ev.executable == "/opt/sudo");
    REQUIRE(ev.measurements.size() == 1);
    CHECK(ev.measurements[0].inode == 13525u);
    CHECK(ev.previous_executable == "/usr/bin/bash");
}

TEST_CASE("auparse source: malformed lines are counted and skipped, nothing else lost", "[source]") {
    Collected c;
    std::string stream = "# a comment\n" + kIma + "garbage without a header\n" + kSyscall +
                         "type=SYSCALL msg=audit(1795714810.720:\n" +  // truncated before the serial
                         "\n" + kExecve + kPath + kTitle +
                         "type=PATH arch=c000003e no timestamp\n";
    c.source->feed(stream);
    // a last record without its newline (input cut at EOF) is still a record
    c.source->feed(line("INTEGRITY_PCR", 300, "pid=1 uid=0 auid=0 ses=1 op=invalid_pcr cause=ToMToU comm=\"x\" res=1").substr(0, 90));
    c.source->flush();
    CHECK(c.source->counters().malformed == 4);
    CHECK(c.source->counters().blank == 1);
    CHECK(c.source->counters().records == 6);
    REQUIRE(c.malformed.size() == 4);
    CHECK(c.malformed[0] == "no type= at start of line");
    CHECK(c.malformed[2] == "bad serial");
    CHECK(c.malformed[3] == "no msg=audit( timestamp");
    const auto* exec = c.find(171);
    REQUIRE(exec);
    CHECK(exec->records.size() == 5);
    REQUIRE(c.find(300));
}

TEST_CASE("auparse source: a standalone IMA event waits, then comes out on flush", "[source]") {
    Collected c;
    c.source->feed(kIma);
    CHECK(c.events.empty());
    CHECK(c.source->has_pending());
    c.source->flush();
    REQUIRE(c.events.size() == 1);
    CHECK(c.events[0].records.size() == 1);
    CHECK_FALSE(c.source->has_pending());
}

namespace {

std::string ima_line(const std::string& prefix, const std::string& type, uint64_t serial) {
    return prefix + "type=" + type + " msg=audit(1795714810.720:" + std::to_string(serial) +
           "): file=\"/opt/sudo\" hash=\"sha256:a3d9\" ppid=1 pid=2 comm=\"x\"\n";
}

void require_books_balance(const Collected& c) {
    CHECK(c.source->counters().records == c.source->counters().delivered);
}

}  // namespace

// libauparse 3.0.9 copies 340 bytes of a line starting with 'n' to find the timestamp: a longer
// node name made it drop the record, so long names are fed under an alias and come out whole.
TEST_CASE("auparse source: long node names come out whole, their events grouped", "[source][limits]") {
    for (size_t length : {64u, 65u, 300u, 60000u}) {
        Collected c;
        std::string name(length, 'n');
        name.back() = 'Z';
        c.source->feed(ima_line("node=" + name + " ", "INTEGRITY_RULE", 171) + line("SYSCALL", 9, "a=b").replace(5, 2, name) +
                       ima_line("node=" + name + " ", "INTEGRITY_RULE", 172));
        c.source->feed(ima_line("node=" + name + " ", "PATH", 171));
        c.source->flush();
        INFO("node name of " << length << " bytes");
        REQUIRE(c.events.size() == 3);
        for (const auto& e : c.events) CHECK(e.key.node == name);
        REQUIRE(c.find(171));
        CHECK(c.find(171)->records.size() == 2);
        CHECK(c.malformed.empty());
        require_books_balance(c);
    }
}

TEST_CASE("auparse source: a node name that looks like an alias is not taken for one", "[source][limits]") {
    Collected c;
    std::string long_name(500, 'L');
    c.source->feed(ima_line("node=" + long_name + " ", "INTEGRITY_RULE", 1));  // aliased first: \x01 0
    c.source->feed(ima_line("node=\x01" "0 ", "INTEGRITY_RULE", 1));           // a real name "\x01" "0"
    c.source->flush();
    REQUIRE(c.events.size() == 2);  // same timestamp and serial, different nodes: two events
    std::vector<std::string> nodes{c.events[0].key.node, c.events[1].key.node};
    std::sort(nodes.begin(), nodes.end());
    CHECK(nodes == std::vector<std::string>{std::string("\x01" "0"), long_name});
}

// Without node= libauparse looks at 80 bytes: "type=" + name + " msg=audit(1795714810.720:171" ends
// at byte 34 + name; with "node=h1 " at 42 + name of its 340. One byte more cuts the serial.
TEST_CASE("auparse source: a type name past libauparse's header window is refused, at its edge", "[source][limits]") {
    auto run = [](const std::string& prefix, size_t type_length) {
        Collected c;
        c.source->feed(ima_line(prefix, std::string(type_length, 'T'), 171));
        c.source->flush();
        return c;
    };
    auto fits = run("", 46);
    REQUIRE(fits.events.size() == 1);
    CHECK(fits.events[0].key.serial == 171u);
    require_books_balance(fits);
    auto over = run("", 47);
    CHECK(over.events.empty());
    REQUIRE(over.malformed.size() == 1);
    CHECK(over.malformed[0].find("header longer than libauparse reads") != std::string::npos);
    CHECK(over.source->counters().malformed == 1);

    auto node_fits = run("node=h1 ", 298);
    REQUIRE(node_fits.events.size() == 1);
    CHECK(node_fits.events[0].key.serial == 171u);
    auto node_over = run("node=h1 ", 299);
    CHECK(node_over.events.empty());
    CHECK(node_over.malformed.size() == 1);
}

// Why the edge is there: fed directly, libauparse reads the cut serial "17" and would join the
// record to another event.
TEST_CASE("libauparse itself misreads a serial cut by its header window", "[source][limits]") {
    auparse_state_t* au = auparse_init(AUSOURCE_FEED, nullptr);
    REQUIRE(au);
    std::vector<unsigned long> serials;
    auparse_add_callback(
        au,
        [](auparse_state_t* state, auparse_cb_event_t type, void* out) {
            if (type == AUPARSE_CB_EVENT_READY)
                static_cast<std::vector<unsigned long>*>(out)->push_back(auparse_get_serial(state));
        },
        &serials, nullptr);
    std::string text = ima_line("", std::string(47, 'T'), 171);
    auparse_feed(au, text.data(), text.size());
    auparse_flush_feed(au);
    auparse_destroy(au);
    CHECK(serials == std::vector<unsigned long>{17});
}

// parse_up_record strdup()s each cwd= and frees only the last: a leak per such record.
TEST_CASE("auparse source: a CWD record with two cwd= fields is refused, under any name of type 1307", "[source][limits]") {
    // libauparse strips a trailing ':', ',', '\'' and ')' from the type as from any value (in
    // that order, once each): "CWD)" is a CWD record to it. Found by the stream fuzzer (a leak).
    for (std::string type : {"CWD", "cwd", "UNKNOWN[1307]", "1307", "CWD)", "cwd:", "CWD)',:", "1307,"}) {
        Collected c;
        c.source->feed(line(type, 5, "cwd=\"/a\" cwd=\"/b\""));
        c.source->feed(line(type, 6, "cwd=\"/a\" msg='(cwd=/b'"));
        c.source->flush();
        INFO(type);
        CHECK(c.events.empty());
        CHECK(c.malformed == std::vector<std::string>(2, "CWD record with two cwd= fields"));
    }
    Collected fine;
    fine.source->feed(line("CWD", 5, "cwd=\"/a\" oldcwd=\"/b\""));
    fine.source->feed(line("USER_CMD", 6, "msg='cwd=\"/a\" cmd=6964 cwd=\"/b\"'"));
    fine.source->feed(line("CWD))", 7, "cwd=\"/a\" cwd=\"/b\""));  // not CWD to libauparse: parsed as any record
    fine.source->flush();
    CHECK(fine.events.size() == 3);
    CHECK(fine.malformed.empty());
}

// libauparse holds an event without EOE for eoe_timeout of stream time and scans every open
// event per record: a burst of standalone measurements within one second is bounded here.
TEST_CASE("auparse source: a burst of standalone measurements is not held without bound", "[source][limits]") {
    Collected c;
    std::string burst;
    for (uint64_t serial = 1000; serial < 11000; ++serial) burst += ima_line("", "INTEGRITY_RULE", serial);
    c.source->feed(burst);
    CHECK(c.events.size() >= 10000 - 256);  // at most the bound is still held before the flush
    // 256 held when the 257th, 513th, ... opens: 39 times, 256 events each (all stamped alike, so
    // stream time ends none).
    CHECK(c.source->counters().forced_completions == 39 * 256);
    // An execution arriving whole in the middle of the burst is not cut in two.
    c.source->feed(kIma + kSyscall + kExecve + kPath + kTitle + kEoe);
    std::string more;
    for (uint64_t serial = 20000; serial < 20600; ++serial) more += ima_line("", "INTEGRITY_RULE", serial);
    c.source->feed(more);
    c.source->flush();
    CHECK(c.events.size() == 10000 + 1 + 600);
    REQUIRE(c.find(171));
    CHECK(c.find(171)->records.size() == 5);  // EOE ends it and is not a record of the event
    require_books_balance(c);
}

// libauparse ages by the local clock; an event stamped ahead of it (a remote node whose clock runs
// fast) would wait for more input forever.
TEST_CASE("auparse source: an event stamped ahead of the clock leaves after join_timeout of quiet", "[source][limits]") {
    std::vector<AuditEvent> events;
    auto source = make_auparse_source([&](AuditEvent&& e) { events.push_back(std::move(e)); }, nullptr,
                                      SourceOptions{std::chrono::seconds(1)});
    source->feed("node=far type=INTEGRITY_RULE msg=audit(4102444800.000:7): file=\"/x\" hash=\"sha256:00\"\n");
    source->age();
    CHECK(events.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    source->age();
    REQUIRE(events.size() == 1);
    CHECK(events[0].key.serial == 7u);
    CHECK_FALSE(source->has_pending());
    CHECK(source->counters().forced_completions == 0);  // nothing more was coming: not forced
    auparse_set_eoe_timeout(2);  // process-global in libauparse: restore the default for other tests
}

// Found by tests/fuzz (fuzz_stream): libauparse splits a record at its first 0x1D, so one in the
// header leaves a record without a type and a leak (ASan: 1152 bytes per record).
TEST_CASE("auparse source: 0x1D inside the header is refused, after it is the enrichment", "[source][limits]") {
    Collected c;
    c.source->feed("type=\x1dR msg=audit(1.230:3): \n");
    c.source->feed("node=a\x1d" "b type=PATH msg=audit(1.230:4): item=0\n");
    c.source->feed(ima_line("", "INTEGRITY_RULE", 5));
    c.source->feed("type=INTEGRITY_RULE msg=audit(1.230:6): file=\"/x\" hash=\"sha256:00\" \x1dUID=\"root\"\n");
    c.source->flush();
    CHECK(c.malformed == std::vector<std::string>(2, "0x1D (auditd's enrichment separator) inside the record header"));
    CHECK(c.events.size() == 2);
    require_books_balance(c);
}

// Found by tests/fuzz/fuzz_differential: libauparse takes second 0 for "no event", so an event
// stamped so came out as 0.000:0 without its node, and its records without fields.
TEST_CASE("auparse source: a record stamped at second 0 is refused, with its reason", "[source][limits]") {
    Collected c;
    c.source->feed("node=h1 type=SYSCALL msg=audit(0.394:7): a=1\nnode=h1 type=PROCTITLE msg=audit(0.394:7): p=1\n"
                   "type=L msg=audit(0.394:0):\n" + ima_line("", "INTEGRITY_RULE", 8));
    c.source->flush();
    CHECK(c.malformed == std::vector<std::string>(3, "stamped at second 0 (libauparse hands out no field of it)"));
    CHECK(c.source->counters().records == 1);
    REQUIRE(c.events.size() == 1);
    CHECK(c.events[0].key.serial == 8u);
    require_books_balance(c);
}

// Found by tests/fuzz/fuzz_differential (delivered 0 of 1 record): libauparse reads the type name
// as libaudit does, case-insensitively, without trailing punctuation and as a number, so "eoe",
// "EOE," and "1320" are EOE to it: kept last in an open event, eaten alone; counted either way.
TEST_CASE("auparse source: an EOE spelled otherwise is counted as EOE", "[source]") {
    Collected c;
    c.source->feed("type=SYSCALL msg=audit(1.000:5): a=1\ntype=eoe msg=audit(1.000:5):\n"
                   "type=EOE, msg=audit(1.000:6):\ntype=1320 msg=audit(1.000:7): x=1\ntype=EoE msg=audit(2.977:9):");
    c.source->flush();
    CHECK(c.malformed.empty());
    CHECK(c.source->counters().records == 5);
    REQUIRE(c.events.size() == 1);  // 6, 7 and 9 are lone EOEs, eaten
    CHECK(c.events[0].key.serial == 5u);
    REQUIRE(c.events[0].records.size() == 2);
    CHECK(c.events[0].records[1].type == 1320);
    CHECK(!c.source->has_pending());
    require_books_balance(c);
}

// Found by tests/fuzz/fuzz_differential: a 0x1D in a type name past the 80-byte window was refused
// for the window (the native source says 0x1D), and one in a node name long enough to be aliased
// was hidden by the alias and taken. The byte is looked for first, in the names as read.
TEST_CASE("auparse source: 0x1D in a long type name or an aliased node name is refused for the byte", "[source][limits]") {
    Collected c;
    c.source->feed("type=\x1d" + std::string(99, 'T') + " msg=audit(1.000:1): a=1\n");
    c.source->feed("node=" + std::string(50, 'n') + "\x1d" + std::string(50, 'n') + " type=PATH msg=audit(1.000:2): item=0\n");
    c.source->flush();
    CHECK(c.malformed == std::vector<std::string>(2, "0x1D (auditd's enrichment separator) inside the record header"));
    CHECK(c.events.empty());
    CHECK(c.source->counters().records == 0);
}

// Found by tests/fuzz (fuzz_stream, undelivered 1): parse_up_record collects the words after "{" in
// an AVC or USER_AVC record into 256 bytes and drops the record when they do not fit.
TEST_CASE("auparse source: an AVC permission list too long for libauparse is refused, a real one passes", "[source][limits]") {
    std::string long_list = "avc:  denied  { " + std::string(200, 'p') + " " + std::string(100, 'r') + " } for pid=1";
    std::string unterminated = "avc:  denied  { read " + std::string(300, 'q');
    for (std::string type : {"AVC", "USER_AVC", "UNKNOWN[1400]", "1107"}) {
        Collected c;
        c.source->feed(line(type, 5, long_list));
        c.source->feed(line(type, 6, unterminated));
        c.source->feed(line(type, 7, "avc:  denied  { read write } for pid=1 comm=\"x\" scontext=a tcontext=b tclass=file"));
        c.source->feed(line(type, 8, "x=\x1d" "avc: { " + std::string(300, 'e') + " }"));  // after 0x1D: not parsed
        c.source->flush();
        INFO(type);
        CHECK(c.malformed ==
              std::vector<std::string>(2, "AVC permission list { ... } longer than libauparse takes (255 bytes)"));
        CHECK(c.events.size() == 2);
        require_books_balance(c);
    }
    Collected other;  // the same words in another record type are libauparse's ordinary fields
    other.source->feed(line("SYSCALL", 5, long_list));
    other.source->flush();
    CHECK(other.events.size() == 1);
}

#include <catch2/catch.hpp>

#include <string>
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

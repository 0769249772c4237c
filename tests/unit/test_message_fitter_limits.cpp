// The worst cases of issue 10 item 4: whatever the event holds, the fitted message is within the
// limit, valid in its format, and carries the event's identity; when even the identity cannot
// fit, the fitter says so instead of handing back an over-long message.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "formatters/message_fitter.h"
#include "tests/support/cef_parser.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;
using nlohmann::json;

namespace {

const FormatterOptions kOptions{"collector"};
// What a message may use of Debian's stock 8096 bytes once the syslog header is in front of it.
constexpr size_t kBudget = 8000;

// sudo_execution() with `count` arguments after argv[0], each `size` bytes of `fill`, the i-th
// starting with its number so that the head and the tail kept can be told apart.
ExecEvent many_args(size_t count, size_t size, char fill = 'a') {
    ExecEvent ev = sudo_execution();
    ev.args = {"/opt/sudo"};
    for (size_t i = 1; i <= count; ++i) {
        std::string arg = std::to_string(i) + ":";
        arg.resize(size, fill);
        ev.args.push_back(arg);
    }
    ev.argc = ev.args.size();
    return ev;
}

// The identity of sudo_execution() (sample_events.h), read back from a fitted JSON line.
void check_sudo_identity(const json& m) {
    CHECK(m["@timestamp"] == "2026-11-26T17:40:10.720Z");
    CHECK(m["event"]["sequence"] == 171);
    CHECK(m["audisp_ima"]["serial"] == 171);
    CHECK(m["process"]["pid"] == 433);
    CHECK(m["process"]["parent"]["pid"] == 401);
    CHECK(m["process"]["executable"] == "/opt/sudo");
    CHECK(m["process"]["hash"]["sha256"] == kSudoDigest);
    CHECK(m["audisp_ima"]["hash"] == "sha256:" + kSudoDigest);
    CHECK(m["user"]["id"] == "0");
    CHECK(m["process"]["user"]["id"] == "0");
}

void check_sudo_identity(const CefMessage& m) {
    REQUIRE(m.find("rt"));
    CHECK(*m.find("rt") == "1795714810720");
    CHECK(*m.find("cn1") == "171");
    CHECK(*m.find("dpid") == "433");
    CHECK(*m.find("spid") == "401");
    CHECK(*m.find("filePath") == "/opt/sudo");
    CHECK(*m.find("dproc") == "/opt/sudo");
    CHECK(*m.find("fileHash") == kSudoDigest);
    CHECK(*m.find("suid") == "0");
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The event fitted to kBudget in one format, checked to fit on one line, and parsed.
json fitted_json(const Event& ev) {
    auto j = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(j.fits);
    CHECK(j.text.size() <= kBudget);
    CHECK(j.text.find('\n') == std::string::npos);
    return json::parse(j.text);  // throws on invalid UTF-8 or a broken escape
}
CefMessage fitted_cef(const Event& ev) {
    auto c = format_within(*make_formatter("cef", kOptions), ev, kBudget);
    REQUIRE(c.fits);
    CHECK(c.text.size() <= kBudget);
    CHECK(c.text.find('\n') == std::string::npos);
    CHECK(c.text.find('\r') == std::string::npos);
    return parse_cef(c.text);  // throws on a bad escape or invalid UTF-8
}

}  // namespace

TEST_CASE("fitter limits: 40 arguments of 300 bytes fit 8000 bytes, middle dropped, head and tail kept",
          "[fitter]") {
    Event ev = many_args(40, 300);
    auto fitted = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(fitted.fits);
    CHECK(fitted.shrunk);
    CHECK(fitted.text.size() <= kBudget);
    json m = json::parse(fitted.text);
    check_sudo_identity(m);
    CHECK(m["process"]["args_count"] == 41);
    auto args = m["process"]["args"].get<std::vector<std::string>>();
    // Each argument is printed twice (args and command_line), about 600 bytes: some 11 fit, not 41.
    REQUIRE(args.size() >= 6);
    REQUIRE(args.size() < 41);
    size_t kept = args.size() - 1;  // one element is the marker
    size_t dropped = 41 - kept;
    auto marker = std::find(args.begin(), args.end(), "...[" + std::to_string(dropped) + " arguments dropped]");
    REQUIRE(marker != args.end());
    size_t head = marker - args.begin();
    CHECK(args[0] == "/opt/sudo");
    for (size_t i = 1; i < head; ++i) CHECK(args[i].size() == 300);  // kept arguments are whole
    CHECK(args.back().rfind("40:", 0) == 0);                         // the last argument is the tail
    CHECK(args.back().size() == 300);
    std::string line = m["process"]["command_line"];
    CHECK(line.find("...[" + std::to_string(dropped) + " arguments dropped]") != std::string::npos);
}

TEST_CASE("fitter limits: 6000 arguments of 300 bytes (1.8 MB) fit in both formats", "[fitter]") {
    Event ev = many_args(6000, 300);
    auto j = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(j.fits);
    CHECK(j.text.size() <= kBudget);
    json m = json::parse(j.text);
    check_sudo_identity(m);
    CHECK(m["process"]["args_count"] == 6001);
    CHECK(m["process"]["args"].back().get<std::string>().rfind("6000:", 0) == 0);

    auto c = format_within(*make_formatter("cef", kOptions), ev, kBudget);
    REQUIRE(c.fits);
    CHECK(c.text.size() <= kBudget);
    CHECK(c.text.find('\n') == std::string::npos);
    auto msg = parse_cef(c.text);
    check_sudo_identity(msg);
    REQUIRE(msg.find("cs2"));
    CHECK(msg.find("cs2")->rfind("/opt/sudo 1:", 0) == 0);
    CHECK(msg.find("cs2")->find(" arguments dropped] ") != std::string::npos);
    CHECK(msg.find("cs2")->find(" 6000:") != std::string::npos);
    // A search, not a round per argument: each knob is galloped up and halved, O(log limit) formats.
    CHECK(j.formats <= 60);
    CHECK(c.formats <= 60);
}

TEST_CASE("fitter limits: a 9000-byte audit key is cut, marked, in both formats", "[fitter]") {
    ExecEvent exec = sudo_execution();
    exec.syscall->key = std::string(9000, 'k');
    Event ev = exec;
    json m = fitted_json(ev);
    check_sudo_identity(m);
    CHECK(ends_with(m["audisp_ima"]["key"], "...[truncated from 9000 bytes]"));
    auto msg = fitted_cef(ev);
    check_sudo_identity(msg);
    CHECK(ends_with(*msg.find("cs5"), "...[truncated from 9000 bytes]"));
}

TEST_CASE("fitter limits: a 9000-byte integrity field name is cut, as a JSON key and in CEF cs4", "[fitter]") {
    IntegrityEvent integrity = appraisal_failure();
    integrity.fields.push_back({std::string(9000, 'f'), "v"});
    Event ev = integrity;
    json m = fitted_json(ev);
    CHECK(m["process"]["pid"] == 1725);
    CHECK(m["audisp_ima"]["serial"] == 47);
    CHECK(m["@timestamp"] == "2024-02-26T17:07:24.805Z");
    bool found = false;
    for (auto& [name, value] : m["audisp_ima"]["fields"].items())
        if (ends_with(name, "...[truncated from 9000 bytes]")) found = value == "v";
    CHECK(found);
    auto msg = fitted_cef(ev);
    CHECK(*msg.find("dpid") == "1725");
    CHECK(msg.find("cs4")->find("...[truncated from 9000 bytes]=v") != std::string::npos);
}

TEST_CASE("fitter limits: a 60000-byte node name is cut wherever it is printed", "[fitter]") {
    ExecEvent exec = sudo_execution();
    exec.key.node = std::string(60000, 'n');
    Event ev = exec;
    json m = fitted_json(ev);
    check_sudo_identity(m);
    CHECK(ends_with(m["host"]["hostname"], "...[truncated from 60000 bytes]"));
    CHECK(ends_with(m["audisp_ima"]["node"], "...[truncated from 60000 bytes]"));
    auto msg = fitted_cef(ev);
    check_sudo_identity(msg);
    CHECK(ends_with(*msg.find("dvchost"), "...[truncated from 60000 bytes]"));
}

TEST_CASE("fitter limits: a hash that is no digest is cut like any value; a real digest never is", "[fitter]") {
    ExecEvent exec = sudo_execution();
    std::string digest(20000, 'e');  // hex, but 10000 bytes: no kernel algorithm has such a digest
    exec.hash = FileHash{"sha256", digest, "sha256:" + digest};
    Event ev = exec;
    auto j = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(j.fits);
    json m = json::parse(j.text);
    CHECK(ends_with(m["audisp_ima"]["hash"], "...[truncated from 20007 bytes]"));
    CHECK(m["process"]["executable"] == "/opt/sudo");
    // The measurement's hash, a real sha256 digest, is whole.
    CHECK(m["audisp_ima"]["measurements"][0]["digest"] == kSudoDigest);
    auto c = format_within(*make_formatter("cef", kOptions), ev, kBudget);
    REQUIRE(c.fits);
    CHECK(ends_with(*parse_cef(c.text).find("fileHash"), "...[truncated from 20000 bytes]"));
}

TEST_CASE("fitter limits: quotes, backslashes, line breaks and invalid UTF-8 survive cutting", "[fitter]") {
    // 40 arguments of 300 bytes, each a mix that JSON escapes to 6 bytes (\u0001), 2 bytes (\" \\ \n)
    // or replaces (\xff -> U+FFFD), with 2-byte characters to cut through.
    std::string nasty;
    while (nasty.size() < 300) nasty += "\"q\\ \n\x01\xff\xc3\xa9";
    nasty.resize(300);
    ExecEvent exec = sudo_execution();
    exec.args = {"/opt/sudo"};
    for (int i = 0; i < 40; ++i) exec.args.push_back(nasty);
    exec.argc = exec.args.size();
    exec.cwd = std::string(5000, '"');
    Event ev = exec;
    json m = fitted_json(ev);
    check_sudo_identity(m);
    CHECK(ends_with(m["process"]["working_directory"], "...[truncated from 5000 bytes]"));
    auto invalid = m["audisp_ima"]["invalid_utf8"].get<std::vector<std::string>>();
    CHECK(std::find(invalid.begin(), invalid.end(), "process.args") != invalid.end());

    auto msg = fitted_cef(ev);
    check_sudo_identity(msg);
    CHECK(msg.find("cs2")->find("arguments dropped]") != std::string::npos);
}

TEST_CASE("fitter limits: long fields the formatter does not print cost nothing", "[fitter]") {
    // 30 PATH records with 20000-byte names (neither formatter prints PATH names) and a
    // 6000-byte working directory, which is printed and fits once the rest is small.
    ExecEvent exec = sudo_execution();
    for (int i = 0; i < 30; ++i) {
        PathRecord path;
        path.name = std::string(20000, 'p');
        exec.paths.push_back(path);
    }
    exec.task.comm = std::string(20000, 'c');  // not printed for an execution either
    exec.cwd = "/" + std::string(6000, 'w');
    Event ev = exec;
    auto j = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(j.fits);
    CHECK_FALSE(j.shrunk);  // 6001 bytes of cwd plus the rest is under 8000 as it is
    json m = json::parse(j.text);
    CHECK(m["process"]["working_directory"].get<std::string>().size() == 6001);

    exec.cwd = "/" + std::string(9000, 'w');
    ev = exec;
    j = format_within(*make_formatter("json", kOptions), ev, kBudget);
    REQUIRE(j.fits);
    m = json::parse(j.text);
    // Everything else is a little over 1000 bytes: the working directory keeps most of the room.
    std::string cwd = m["process"]["working_directory"];
    CHECK(ends_with(cwd, "...[truncated from 9001 bytes]"));
    CHECK(cwd.size() > 6000);
}

TEST_CASE("fitter limits: a limit the identity alone cannot meet is reported, not met by a longer message",
          "[fitter]") {
    Event ev = many_args(40, 300);
    auto fitted = format_within(*make_formatter("json", kOptions), ev, 300);
    CHECK_FALSE(fitted.fits);
    CHECK(fitted.shrunk);
    auto c = format_within(*make_formatter("cef", kOptions), ev, 300);
    CHECK_FALSE(c.fits);
    // The same event has a message within 8000 bytes: unfit is about the limit, not the event.
    CHECK(format_within(*make_formatter("json", kOptions), ev, kBudget).fits);
}

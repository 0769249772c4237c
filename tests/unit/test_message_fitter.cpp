// Messages over max_message_size are shrunk field by field, stay valid JSON / CEF, and say what
// was cut and how long it was.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "formatters/message_fitter.h"
#include "tests/support/cef_parser.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

const FormatterOptions kOptions{"collector"};

ExecEvent with_args(std::vector<std::string> args) {
    ExecEvent ev = sudo_execution();
    ev.args = std::move(args);
    ev.argc = ev.args.size();
    return ev;
}

}  // namespace

TEST_CASE("fitter: a message under the limit is left alone", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    Event ev = sudo_execution();
    auto fitted = format_within(*json, ev, 8192);
    CHECK_FALSE(fitted.shrunk);
    CHECK(fitted.fits);
    CHECK(fitted.text == json->format(ev));
    CHECK(format_within(*json, ev, 0).text == json->format(ev));  // 0 = no limit
}

TEST_CASE("fitter: one huge argument is cut, marked with its length, JSON stays valid", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    std::string huge(20000, 'A');
    Event ev = with_args({"/opt/sudo", huge, "-u"});
    auto fitted = format_within(*json, ev, 4096);
    CHECK(fitted.shrunk);
    CHECK(fitted.fits);
    CHECK(fitted.text.size() <= 4096);
    auto message = nlohmann::json::parse(fitted.text);
    auto args = message["process"]["args"];
    REQUIRE(args.size() == 3);
    CHECK(args[0] == "/opt/sudo");
    CHECK(args[2] == "-u");
    std::string cut = args[1];
    const std::string marker = "...[truncated from 20000 bytes]";
    REQUIRE(cut.size() > marker.size());
    CHECK(cut.substr(cut.size() - marker.size()) == marker);
    CHECK(cut.find_first_not_of('A') == cut.size() - marker.size());  // the head is the original's
    CHECK(message["process"]["executable"] == "/opt/sudo");               // identity untouched
    CHECK(message["process"]["hash"]["sha256"] == kSudoDigest);
    CHECK(message["process"]["args_count"] == 3);
}

TEST_CASE("fitter: CEF is shrunk the same way and parses strictly", "[fitter]") {
    auto cef = make_formatter("cef", kOptions);
    Event ev = with_args({"/opt/sudo", std::string(30000, 'x') + "=|\\"});
    auto fitted = format_within(*cef, ev, 2048);
    CHECK(fitted.shrunk);
    CHECK(fitted.text.size() <= 2048);
    auto parsed = test::parse_cef(fitted.text);
    REQUIRE(parsed.find("cs2"));
    CHECK(parsed.find("cs2")->find("...[truncated from 30003 bytes]") != std::string::npos);
    REQUIRE(parsed.find("dproc"));
    CHECK(*parsed.find("dproc") == "/opt/sudo");
}

TEST_CASE("fitter: thousands of short arguments lose their middle, counted", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    std::vector<std::string> args{"/usr/bin/rm"};
    for (int i = 0; i < 3000; ++i) args.push_back("file-" + std::to_string(10000 + i));  // 10 bytes each
    Event ev = with_args(args);
    auto fitted = format_within(*json, ev, 8192);
    CHECK(fitted.fits);
    auto message = nlohmann::json::parse(fitted.text);
    auto out = message["process"]["args"];
    REQUIRE(out.size() > 10);
    CHECK(out[0] == "/usr/bin/rm");
    CHECK(out[1] == "file-10000");
    CHECK(out.back() == "file-12999");  // the tail is kept too
    size_t kept = out.size() - 1;
    std::string marker = "...[" + std::to_string(3001 - kept) + " arguments dropped]";
    auto at = std::find(out.begin(), out.end(), marker);
    REQUIRE(at != out.end());
    // Head and tail are runs of the original list: file-10000 on before the marker, up to
    // file-12999 after it.
    size_t head = at - out.begin();
    for (size_t i = 1; i < head; ++i) CHECK(out[i] == "file-" + std::to_string(10000 + i - 1));
    for (size_t i = head + 1; i < out.size(); ++i)
        CHECK(out[i] == "file-" + std::to_string(12999 - (out.size() - 1 - i)));
    CHECK(message["process"]["args_count"] == 3001);  // argc still tells the truth
}

TEST_CASE("fitter: cuts fall on UTF-8 character boundaries", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    std::string accents;
    for (int i = 0; i < 5000; ++i) accents += "\xC3\xA9";  // é
    Event ev = with_args({"/opt/sudo", accents});
    auto fitted = format_within(*json, ev, 4096);
    auto message = nlohmann::json::parse(fitted.text);
    CHECK_FALSE(message["audisp_ima"].contains("invalid_utf8"));  // no half character was left
    std::string cut = message["process"]["args"][1];
    // "é" (2 bytes) then the 31-byte marker: the cut kept whole characters only
    CHECK(cut.rfind("\xC3\xA9...[truncated from 10000 bytes]") == cut.size() - 33);
}

TEST_CASE("fitter: an integrity record with a huge file name", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    auto cef = make_formatter("cef", kOptions);
    IntegrityEvent ev = appraisal_failure();
    std::string long_name = "/tmp/" + std::string(12000, 'n');
    ev.name = long_name;
    for (auto& field : ev.fields)
        if (field.name == "name") field.value = long_name;
    Event event = ev;
    auto j = format_within(*json, event, 4096);
    auto c = format_within(*cef, event, 4096);
    CHECK(j.fits);
    CHECK(c.fits);
    auto message = nlohmann::json::parse(j.text);
    CHECK(message["file"]["path"].get<std::string>().find("...[truncated from 12005 bytes]") != std::string::npos);
    CHECK_NOTHROW(test::parse_cef(c.text));
}

TEST_CASE("fitter: a file measurement with a huge file name and process names", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    auto cef = make_formatter("cef", kOptions);
    FileMeasurementEvent ev = mount_measurement();
    ev.measurement.file = "/tmp/" + std::string(9000, 'f');       // 9005 bytes
    ev.measurement.task.exe = "/opt/" + std::string(5000, 'e');   // 5005 bytes
    ev.measurement.task.comm = std::string(3000, 'c');
    Event event = ev;
    auto j = format_within(*json, event, 4096);
    auto c = format_within(*cef, event, 4096);
    CHECK(j.shrunk);
    CHECK(j.fits);
    CHECK(c.fits);
    CHECK(j.text.size() <= 4096);
    CHECK(c.text.size() <= 4096);
    auto message = nlohmann::json::parse(j.text);
    CHECK(message["file"]["path"].get<std::string>().find("...[truncated from 9005 bytes]") != std::string::npos);
    CHECK(message["audisp_ima"]["measurements"][0]["path"] == message["file"]["path"]);
    CHECK(message["process"]["executable"].get<std::string>().find("...[truncated from 5005 bytes]") !=
          std::string::npos);
    CHECK(message["file"]["hash"]["sha1"] == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");  // identity untouched
    auto msg = test::parse_cef(c.text);
    CHECK(msg.find("filePath")->find("...[truncated from 9005 bytes]") != std::string::npos);
    CHECK(*msg.find("fileHash") == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");
}

TEST_CASE("fitter: a huge script path is cut in both formats", "[fitter]") {
    ExecEvent ev = script_execution();
    ev.script->path = "/opt/" + std::string(10000, 's') + ".sh";  // 10008 bytes
    Event event = ev;
    auto j = format_within(*make_formatter("json", kOptions), event, 4096);
    auto c = format_within(*make_formatter("cef", kOptions), event, 4096);
    CHECK(j.fits);
    CHECK(c.fits);
    auto message = nlohmann::json::parse(j.text);
    CHECK(message["file"]["path"].get<std::string>().find("...[truncated from 10008 bytes]") != std::string::npos);
    CHECK(message["file"]["hash"]["sha256"] == kScriptDigest);
    auto msg = test::parse_cef(c.text);
    CHECK(msg.find("audispImaScriptPath")->find("...[truncated from 10008 bytes]") != std::string::npos);
    CHECK(*msg.find("audispImaScriptHash") == kScriptDigest);
}

TEST_CASE("fitter: a limit below the message's skeleton says it does not fit", "[fitter]") {
    auto json = make_formatter("json", kOptions);
    Event ev = sudo_execution();
    auto fitted = format_within(*json, ev, 200);
    CHECK_FALSE(fitted.fits);
    CHECK(fitted.shrunk);
    CHECK_NOTHROW(nlohmann::json::parse(fitted.text));
}

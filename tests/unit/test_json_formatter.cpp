#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "formatters/cef_formatter.h"
#include "formatters/json_formatter.h"
#include "formatters/text_sanitize.h"
#include "parser/ima_record.h"
#include "tests/support/json_keys.h"
#include "tests/support/measured_events.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;
using nlohmann::json;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

bool has_null(const json& value) {
    if (value.is_null()) return true;
    if (value.is_structured())
        for (const auto& item : value)
            if (has_null(item)) return true;
    return false;
}

// Formats, checks the line is one line of printable text, parses it back.
json format_json(const Event& event, std::string default_host = "") {
    std::string line = JsonFormatter(FormatterOptions{std::move(default_host)}).format(event);
    auto control = std::find_if(line.begin(), line.end(), [](unsigned char c) { return c < 0x20; });
    CHECK(control == line.end());
    CHECK(duplicate_key(line) == std::nullopt);
    json parsed;
    REQUIRE_NOTHROW(parsed = json::parse(line));
    REQUIRE(parsed.is_object());
    CHECK_FALSE(has_null(parsed));
    return parsed;
}

}  // namespace

TEST_CASE("JSON: the /opt/sudo execution, whole line", "[json]") {
    // Worked out from the records in sample_events.h (a real Debian 12 execution, examples/README.md). Key order is part of
    // the contract: readers look for @timestamp and event.* first.
    const std::string h = kSudoDigest;
    const std::string expected =
        R"({"@timestamp":"2026-11-26T17:40:10.720Z","ecs":{"version":"8.11.0"},)"
        R"("event":{"kind":"event","category":["process"],"type":["start"],"action":"executed",)"
        R"("outcome":"success","sequence":171,"module":"audisp-ima","dataset":"audisp_ima.exec"},)"
        R"("host":{"hostname":"vm-e2e"},)"
        R"("process":{"pid":433,"executable":"/opt/sudo","name":"sudo","args":["/opt/sudo","-u"],)"
        R"("args_count":2,"command_line":"/opt/sudo -u","working_directory":"/",)"
        R"("hash":{"sha256":")" + h + R"("},"parent":{"pid":401},"previous":{"executable":"/usr/bin/bash"},)"
        R"("user":{"id":"0"},"real_user":{"id":"0"},"saved_user":{"id":"0"},)"
        R"("group":{"id":"0"},"real_group":{"id":"0"},"saved_group":{"id":"0"}},)"
        R"("user":{"id":"0"},)"
        R"("audisp_ima":{"serial":171,"node":"vm-e2e","key":"exec","syscall":"execve","arch":"x86_64",)"
        R"("exit":0,"hash_source":"measured","hash":"sha256:)" + h + R"(","subj":"unconfined",)"
        R"("previous_comm":"vm-e2e-runner","measurements":[{"path":"/opt/sudo","hash":"sha256:)" + h +
        R"(","algorithm":"sha256","digest":")" + h + R"(","dev":"fe:00","inode":"13525"}]}})";
    CHECK(JsonFormatter(FormatterOptions{"ignored"}).format(Event{sudo_execution()}) == expected);
}

TEST_CASE("JSON: unset auid and ses are left out, set ones are kept", "[json]") {
    auto j = format_json(sudo_execution());
    CHECK_FALSE(j["user"].contains("audit"));
    CHECK_FALSE(j["audisp_ima"].contains("session"));
    CHECK_FALSE(j["process"].contains("tty"));  // tty=(none)

    auto m = format_json(mount_measurement());
    CHECK(m["user"]["audit"]["id"] == "1000");
    CHECK(m["audisp_ima"]["session"] == 1);
    CHECK(m["process"]["tty"]["name"] == "pts0");
}

TEST_CASE("JSON: every process id goes to its own ECS field", "[json]") {
    ExecEvent ev = sudo_execution();
    // A setuid program run by uid 1000: distinct values show which field each id lands in.
    ev.task.uid = 1000u;
    ev.task.euid = 0u;
    ev.task.suid = 2u;
    ev.task.gid = 100u;
    ev.task.egid = 101u;
    ev.task.sgid = 102u;
    ev.task.fsuid = 7u;
    ev.task.fsgid = 8u;
    ev.task.auid = 1001u;
    ev.task.ses = 5u;
    ev.task.tty = "pts3";
    auto j = format_json(ev);
    const auto& p = j["process"];
    CHECK(p["user"]["id"] == "0");
    CHECK(p["real_user"]["id"] == "1000");
    CHECK(p["saved_user"]["id"] == "2");
    CHECK(p["group"]["id"] == "101");
    CHECK(p["real_group"]["id"] == "100");
    CHECK(p["saved_group"]["id"] == "102");
    CHECK(p["tty"] == json{{"name", "pts3"}});
    CHECK(j["user"] == json{{"id", "1000"}, {"audit", {{"id", "1001"}}}});
    CHECK(j["audisp_ima"]["session"] == 5);
    CHECK(j.dump().find("\"7\"") == std::string::npos);  // fsuid/fsgid are not reported
}

TEST_CASE("JSON: every id's name goes beside it", "[json][identity]") {
    ExecEvent ev = sudo_execution();
    ev.task.uid = 1000u;
    ev.task.euid = 0u;
    ev.task.suid = 2u;
    ev.task.gid = 100u;
    ev.task.egid = 101u;
    ev.task.sgid = 102u;
    ev.task.auid = 1001u;
    ev.names = UserNames{"bob", "alice", "root", "daemon", "fs-user", "users", "wheel", "saved-g", "fs-group",
                         NameSource::nss};
    std::string line = JsonFormatter(FormatterOptions{}).format(Event{ev});
    CHECK(duplicate_key(line) == std::nullopt);
    auto j = format_json(ev);
    const auto& p = j["process"];
    CHECK(p["user"] == json{{"id", "0"}, {"name", "root"}});
    CHECK(p["real_user"] == json{{"id", "1000"}, {"name", "alice"}});
    CHECK(p["saved_user"] == json{{"id", "2"}, {"name", "daemon"}});
    CHECK(p["group"] == json{{"id", "101"}, {"name", "wheel"}});
    CHECK(p["real_group"] == json{{"id", "100"}, {"name", "users"}});
    CHECK(p["saved_group"] == json{{"id", "102"}, {"name", "saved-g"}});
    CHECK(j["user"] == json{{"id", "1000"}, {"name", "alice"}, {"audit", {{"id", "1001"}, {"name", "bob"}}}});
    CHECK(j["audisp_ima"]["names_source"] == "nss");
    CHECK(line.find("fs-user") == std::string::npos);  // fsuid/fsgid are not reported, nor their names
    CHECK(line.find("fs-group") == std::string::npos);
    CHECK_FALSE(p["parent"].contains("user"));

    SECTION("an unset auid has no user.audit, name or not") {
        ev.task.auid = kUnsetId;
        CHECK_FALSE(format_json(ev)["user"].contains("audit"));
    }
    SECTION("a name without its id is left out") {
        ev.task.euid.reset();
        ev.task.uid.reset();
        auto k = format_json(ev);
        CHECK_FALSE(k["process"].contains("user"));
        CHECK_FALSE(k["user"].contains("name"));
    }
    SECTION("no names, no names_source") {
        ev.names = UserNames{};
        auto k = format_json(ev);
        CHECK_FALSE(k["audisp_ima"].contains("names_source"));
        CHECK(k["process"]["user"] == json{{"id", "0"}});
    }
    SECTION("names are text: invalid UTF-8 is replaced and noted") {
        ev.names.euid = "r\xffoot";
        auto k = format_json(ev);
        CHECK(k["process"]["user"]["name"] == "r" + R + "oot");
        CHECK(k["audisp_ima"]["invalid_utf8"] == json{"process.user.name"});
    }
}

TEST_CASE("JSON: execution with a cached hash", "[json]") {
    auto j = format_json(sudo_execution_cached());
    CHECK(j["@timestamp"] == "2026-11-26T17:40:13.220Z");
    CHECK(j["event"]["sequence"] == 172);
    CHECK(j["process"]["pid"] == 440);
    CHECK(j["process"]["hash"] == json{{"sha256", kSudoDigest}});
    CHECK(j["audisp_ima"]["hash_source"] == "cached");
    CHECK(j["audisp_ima"]["hash"] == "sha256:" + kSudoDigest);
    CHECK_FALSE(j["audisp_ima"].contains("measurements"));
    CHECK_FALSE(j["audisp_ima"].contains("previous_comm"));
    CHECK_FALSE(j["process"].contains("previous"));
}

TEST_CASE("JSON: failed execution", "[json]") {
    auto j = format_json(failed_execution());
    CHECK(j["event"]["action"] == "executed");
    CHECK(j["event"]["outcome"] == "failure");
    CHECK(j["process"]["executable"] == "/opt/missing");
    CHECK(j["process"]["name"] == "missing");
    CHECK(j["process"]["previous"]["executable"] == "/usr/bin/bash");
    CHECK(j["audisp_ima"]["exit"] == -2);
    CHECK(j["audisp_ima"]["hash_source"] == "none");
    CHECK(j["audisp_ima"]["previous_comm"] == "vm-e2e-runner");
    CHECK_FALSE(j["process"].contains("hash"));
    CHECK_FALSE(j["audisp_ima"].contains("hash"));
}

TEST_CASE("JSON: standalone measurement is a file event, whole line", "[json]") {
    // From the record in sample_events.h: the file is mount; the process that caused the
    // measurement is bash (comm Fd-IMA.sh, pid 12417), about to exec it. 1585509232 s = 18350 days
    // + 69232 s = 2020-03-29 19:13:52 UTC.
    const std::string d = "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c";
    const std::string expected =
        R"({"@timestamp":"2020-03-29T19:13:52.130Z","ecs":{"version":"8.11.0"},)"
        R"("event":{"kind":"event","category":["file"],"type":["info"],"action":"measured",)"
        R"("outcome":"unknown","sequence":329,"module":"audisp-ima","dataset":"audisp_ima.measurement"},)"
        R"("host":{"hostname":"collector"},)"
        R"("process":{"pid":12417,"executable":"/usr/bin/bash","name":"Fd-IMA.sh","parent":{"pid":12301},)"
        R"("user":{"id":"0"},"real_user":{"id":"0"},"saved_user":{"id":"0"},)"
        R"("group":{"id":"0"},"real_group":{"id":"0"},"saved_group":{"id":"0"},"tty":{"name":"pts0"}},)"
        R"("user":{"id":"0","audit":{"id":"1000"}},)"
        R"("file":{"path":"/usr/bin/mount","name":"mount","directory":"/usr/bin","hash":{"sha1":")" + d + R"("}},)"
        R"("audisp_ima":{"serial":329,"session":1,"hash_source":"measured","hash":")" + d + R"(",)"
        R"("subj":"unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023",)"
        R"("measurements":[{"path":"/usr/bin/mount","hash":")" + d + R"(","algorithm":"sha1","digest":")" + d +
        R"("}]}})";
    CHECK(JsonFormatter(FormatterOptions{"collector"}).format(Event{mount_measurement()}) == expected);
}

TEST_CASE("JSON: real standalone records through the assembler are file events", "[json]") {
    SECTION("pasted-ima.log line 77: ld.so mapped by pkla-check-authorization") {
        auto j = format_json(assembled_measurement(kLdSoRecord), "collector");
        CHECK(j["@timestamp"] == "2020-03-29T19:13:52.075Z");
        CHECK(j["event"] == json{{"kind", "event"},
                                 {"category", {"file"}},
                                 {"type", {"info"}},
                                 {"action", "measured"},
                                 {"outcome", "unknown"},
                                 {"sequence", 292},
                                 {"module", "audisp-ima"},
                                 {"dataset", "audisp_ima.measurement"}});
        CHECK(j["file"] == json{{"path", "/usr/lib64/ld-2.17.so"},
                                {"name", "ld-2.17.so"},
                                {"directory", "/usr/lib64"},
                                {"hash", {{"sha1", "681bd8955812d5d452d4fea378051f9fe7e8007e"}}}});
        // The process is the one that mapped the library, not the library.
        CHECK(j["process"] == json{{"pid", 12410},
                                   {"executable", "/usr/bin/pkla-check-authorization"},
                                   {"name", "pkla-check-auth"},
                                   {"parent", {{"pid", 680}}},
                                   {"user", {{"id", "999"}}},
                                   {"real_user", {{"id", "999"}}},
                                   {"saved_user", {{"id", "999"}}},
                                   {"group", {{"id", "998"}}},
                                   {"real_group", {{"id", "998"}}},
                                   {"saved_group", {{"id", "998"}}}});
        CHECK(j["user"] == json{{"id", "999"}});  // auid unset: no user.audit
        CHECK(j["audisp_ima"] == json{{"serial", 292},
                                      {"hash_source", "measured"},
                                      {"hash", "681bd8955812d5d452d4fea378051f9fe7e8007e"},
                                      {"subj", "system_u:system_r:policykit_t:s0"},
                                      {"measurements",
                                       {{{"path", "/usr/lib64/ld-2.17.so"},
                                         {"hash", "681bd8955812d5d452d4fea378051f9fe7e8007e"},
                                         {"algorithm", "sha1"},
                                         {"digest", "681bd8955812d5d452d4fea378051f9fe7e8007e"}}}}});
    }
    SECTION("line 81: libacl mapped by cp in session 1") {
        auto j = format_json(assembled_measurement(kLibaclRecord));
        CHECK(j["file"]["path"] == "/usr/lib64/libacl.so.1.1.0");
        CHECK(j["file"]["name"] == "libacl.so.1.1.0");
        CHECK(j["file"]["hash"] == json{{"sha1", "0b85bc89a27262a5de4f2db89a876169f907b3b3"}});
        CHECK(j["process"]["executable"] == "/usr/bin/cp");
        CHECK(j["process"]["name"] == "cp");
        CHECK(j["process"]["pid"] == 12420);
        CHECK(j["process"]["parent"]["pid"] == 12301);
        CHECK(j["process"]["tty"]["name"] == "pts0");
        CHECK(j["user"] == json{{"id", "0"}, {"audit", {{"id", "1000"}}}});
        CHECK(j["audisp_ima"]["session"] == 1);
    }
    SECTION("line 83: ~/.emacs read by more, sha256") {
        auto j = format_json(assembled_measurement(kEmacsRecord));
        CHECK(j["@timestamp"] == "2024-08-21T20:26:43.040Z");
        CHECK(j["file"] == json{{"path", "/home/kgold/.emacs"},
                                {"name", ".emacs"},
                                {"directory", "/home/kgold"},
                                {"hash", {{"sha256", "654897e5d6ff41bffac650f7f545975757380ae0bf1bb5459c0dc054cb342084"}}}});
        CHECK(j["process"]["executable"] == "/usr/bin/more");
        CHECK(j["process"]["real_user"]["id"] == "1000");
        CHECK(j["audisp_ima"]["hash"] == "sha256:654897e5d6ff41bffac650f7f545975757380ae0bf1bb5459c0dc054cb342084");
        CHECK_FALSE(j["audisp_ima"].contains("subj"));
    }
    SECTION("nothing of a process start") {
        auto j = format_json(assembled_measurement(kLdSoRecord));
        for (const char* key : {"hash", "args", "args_count", "command_line", "working_directory", "previous"})
            CHECK_FALSE(j["process"].contains(key));
        for (const char* key : {"node", "key", "syscall", "arch", "exit", "previous_comm", "script_hash_source"})
            CHECK_FALSE(j["audisp_ima"].contains(key));
    }
}

TEST_CASE("JSON: an event with nothing known prints no empty object and no null", "[json]") {
    SECTION("execution") {
        ExecEvent ev;
        ev.key = EventKey{"", 0, 0, 1};
        auto j = format_json(ev);
        CHECK(j == json{{"@timestamp", "1970-01-01T00:00:00.000Z"},
                        {"ecs", {{"version", "8.11.0"}}},
                        {"event",
                         {{"kind", "event"},
                          {"category", {"process"}},
                          {"type", {"start"}},
                          {"action", "executed"},
                          {"outcome", "unknown"},
                          {"sequence", 1},
                          {"module", "audisp-ima"},
                          {"dataset", "audisp_ima.exec"}}},
                        {"audisp_ima", {{"serial", 1}, {"hash_source", "none"}}}});
    }
    SECTION("file measurement with an empty file= and no hash") {
        FileMeasurementEvent ev;
        ev.key = EventKey{"", 0, 0, 1};
        auto j = format_json(ev);
        CHECK(j == json{{"@timestamp", "1970-01-01T00:00:00.000Z"},
                        {"ecs", {{"version", "8.11.0"}}},
                        {"event",
                         {{"kind", "event"},
                          {"category", {"file"}},
                          {"type", {"info"}},
                          {"action", "measured"},
                          {"outcome", "unknown"},
                          {"sequence", 1},
                          {"module", "audisp-ima"},
                          {"dataset", "audisp_ima.measurement"}}},
                        {"audisp_ima", {{"serial", 1}, {"hash_source", "none"}, {"measurements", {{{"path", ""}}}}}}});
    }
}

TEST_CASE("JSON: file.directory of odd paths", "[json]") {
    auto directory = [](std::string path) {
        FileMeasurementEvent ev = mount_measurement();
        ev.measurement.file = std::move(path);
        json file = format_json(ev)["file"];
        return file.contains("directory") ? file["directory"].get<std::string>() : std::string("(none)");
    };
    CHECK(directory("/init") == "/");
    CHECK(directory("/usr/bin/") == "/usr");  // name and directory of the path without its trailing '/'
    CHECK(directory("/") == "(none)");
    CHECK(directory("ld.so") == "(none)");  // IMA writes the bare dentry name when d_path fails
}

TEST_CASE("JSON: optional pieces of an execution", "[json]") {
    ExecEvent ev = sudo_execution();
    SECTION("argc without args: count only") {
        ev.args.clear();
        auto j = format_json(ev);
        CHECK(j["process"]["args_count"] == 2);
        CHECK_FALSE(j["process"].contains("args"));
        CHECK_FALSE(j["process"].contains("command_line"));
    }
    SECTION("args without argc (PROCTITLE): count is the number of args") {
        ev.argc.reset();
        ev.args = {"a", "b", "c"};
        CHECK(format_json(ev)["process"]["args_count"] == 3);
    }
    SECTION("truncated argv is flagged, complete argv is not") {
        CHECK_FALSE(format_json(ev)["audisp_ima"].contains("args_incomplete"));
        ev.args_incomplete = true;
        CHECK(format_json(ev)["audisp_ima"]["args_incomplete"] == true);
    }
    SECTION("unknown algorithm: no process.hash, raw hash kept") {
        ev.hash = FileHash{"unknown", "abcd", "abcd"};
        auto j = format_json(ev);
        CHECK_FALSE(j["process"].contains("hash"));
        CHECK(j["audisp_ima"]["hash"] == "abcd");
    }
    SECTION("only a kernel algorithm name is a key; the raw hash is kept either way") {
        // parse_ima_hash keeps whatever precedes the ':' (lower-cased) as the algorithm.
        const std::string garbage[] = {"sha256\"x", "a b", "sha-256", "sha256 ", "\xff", "__proto__", "SHA256",
                                       "sha2561", "process.hash", ""};
        for (const auto& name : garbage) {
            INFO(name);
            ev.hash = FileHash{name, "abcd", name + ":abcd"};
            auto j = format_json(ev);
            CHECK_FALSE(j["process"].contains("hash"));
            CHECK(j["audisp_ima"]["hash"] == to_valid_utf8(name) + ":abcd");
        }
        for (const char* name : {"md5", "sha1", "sha224", "sha384", "sha512", "rmd160", "sm3", "wp256",
                                 "streebog512", "sha3-256"}) {
            ev.hash = FileHash{name, "abcd", std::string(name) + ":abcd"};
            CHECK(format_json(ev)["process"]["hash"] == json{{name, "abcd"}});
        }
    }
    SECTION("a garbage algorithm parsed from a record is no key") {
        auto parsed = parse_ima_hash("x\"y:0123abcd");
        REQUIRE(parsed);
        CHECK(parsed->algorithm == "x\"y");
        ev.hash = parsed;
        auto j = format_json(ev);
        CHECK_FALSE(j["process"].contains("hash"));
        CHECK(j["audisp_ima"]["hash"] == "x\"y:0123abcd");
    }
    SECTION("unknown syscall name: the number as a string") {
        ev.syscall->name.reset();
        CHECK(format_json(ev)["audisp_ima"]["syscall"] == "59");
    }
    SECTION("no host at all: no host object") {
        ev.key.node.clear();
        CHECK_FALSE(format_json(ev).contains("host"));
        CHECK(format_json(ev, "fallback")["host"]["hostname"] == "fallback");
    }
    SECTION("node wins over the default host") {
        CHECK(format_json(ev, "fallback")["host"]["hostname"] == "vm-e2e");
    }
    SECTION("success unknown") {
        ev.syscall->success.reset();
        CHECK(format_json(ev)["event"]["outcome"] == "unknown");
    }
    SECTION("no key, no subj, no cwd, no previous image") {
        ev.syscall->key.reset();
        ev.task.subj.reset();
        ev.cwd.reset();
        ev.previous_executable.reset();
        ev.previous_name.reset();
        auto j = format_json(ev);
        CHECK_FALSE(j["audisp_ima"].contains("key"));
        CHECK_FALSE(j["audisp_ima"].contains("subj"));
        CHECK_FALSE(j["audisp_ima"].contains("previous_comm"));
        CHECK_FALSE(j["process"].contains("working_directory"));
        CHECK_FALSE(j["process"].contains("previous"));
    }
    SECTION("measurement without hash or identity") {
        ev.measurements = {Measurement{ImaRecord{"/opt/sudo", std::nullopt, {}}, std::nullopt, std::nullopt}};
        CHECK(format_json(ev)["audisp_ima"]["measurements"] == json::array({{{"path", "/opt/sudo"}}}));
    }
}

TEST_CASE("JSON: hostile bytes come back as the sanitized text", "[json]") {
    ExecEvent ev = sudo_execution();
    const std::string nasty("/tmp/q\"b\\s|p=e\nn\rc\x1d" "z\0x\xff", 23);
    ev.executable = nasty;
    ev.args = {"x cs1=evil", "two\nlines", "\xC0\xAF", "\xED\xA0\x80", "trunc\xE2\x82", std::string("nul\0byte", 8)};
    ev.cwd = "/home/\xff";
    ev.previous_name = "c\"o|m=m\x1d";
    ev.previous_executable = "/bin/ba\\sh";
    ev.syscall->key = "a b=c";
    ev.measurements[0].record.file = "/tmp/bad\xffname";

    auto j = format_json(ev);
    const std::string nasty_clean("/tmp/q\"b\\s|p=e\nn\rc\x1d" "z\0x", 22);
    CHECK(j["process"]["executable"] == nasty_clean + R);
    CHECK(j["process"]["name"] == std::string("q\"b\\s|p=e\nn\rc\x1d" "z\0x", 17) + R);
    CHECK(j["process"]["args"] ==
          json::array({"x cs1=evil", "two\nlines", R + R, R + R + R, "trunc" + R, std::string("nul\0byte", 8)}));
    CHECK(j["process"]["command_line"] ==
          "x cs1=evil two\nlines " + R + R + " " + R + R + R + " trunc" + R + " " + std::string("nul\0byte", 8));
    CHECK(j["process"]["working_directory"] == "/home/" + R);
    CHECK(j["process"]["previous"]["executable"] == "/bin/ba\\sh");
    CHECK(j["audisp_ima"]["previous_comm"] == "c\"o|m=m\x1d");
    CHECK(j["audisp_ima"]["key"] == "a b=c");
    CHECK(j["audisp_ima"]["measurements"][0]["path"] == "/tmp/bad" + R + "name");
    CHECK(j["audisp_ima"]["invalid_utf8"] ==
          json::array({"process.executable", "process.name", "process.args", "process.command_line",
                       "process.working_directory", "audisp_ima.measurements.path"}));

    SECTION("valid text is not listed") {
        auto clean = format_json(sudo_execution());
        CHECK_FALSE(clean["audisp_ima"].contains("invalid_utf8"));
    }
}

TEST_CASE("JSON: a script run puts the script in file.*, the interpreter in process.*", "[json]") {
    // From script_execution() in sample_events.h: the image is dash, the execve named the script.
    std::string line = JsonFormatter(FormatterOptions{}).format(Event{script_execution()});
    const std::string file_object =
        R"(},"file":{"path":"/opt/tools/backup.sh","name":"backup.sh","directory":"/opt/tools",)"
        R"("hash":{"sha256":")" + kScriptDigest + R"("},"inode":"262147","device":"fe:00"},"audisp_ima":{)";
    CHECK(line.find(file_object) != std::string::npos);  // after user, before audisp_ima: ECS key order

    auto j = format_json(script_execution());
    CHECK(j["event"]["category"] == json::array({"process"}));
    CHECK(j["process"]["executable"] == "/usr/bin/dash");
    CHECK(j["process"]["name"] == "dash");
    CHECK(j["process"]["hash"] == json{{"sha256", kDashDigest}});
    CHECK(j["audisp_ima"]["hash_source"] == "measured");
    CHECK(j["audisp_ima"]["hash"] == "sha256:" + kDashDigest);
    CHECK(j["audisp_ima"]["script_hash_source"] == "measured");
    CHECK(j["audisp_ima"]["script_hash"] == "sha256:" + kScriptDigest);
    CHECK(j["audisp_ima"]["measurements"].size() == 2);

    ExecEvent ev = script_execution();
    SECTION("each hash source is named by its own word") {
        const std::pair<HashSource, const char*> sources[] = {{HashSource::cached, "cached"},
                                                              {HashSource::standalone, "standalone"},
                                                              {HashSource::ima_list, "ima_list"},
                                                              {HashSource::path, "path"}};
        for (const auto& [source, word] : sources) {
            ev.script->hash_source = source;
            CHECK(format_json(ev)["audisp_ima"]["script_hash_source"] == word);
        }
    }
    SECTION("no hash known: no file.hash, no script_hash, source none") {
        ev.script->hash.reset();
        ev.script->hash_source = HashSource::none;
        auto k = format_json(ev);
        CHECK_FALSE(k["file"].contains("hash"));
        CHECK_FALSE(k["audisp_ima"].contains("script_hash"));
        CHECK(k["audisp_ima"]["script_hash_source"] == "none");
        CHECK(k["file"]["path"] == "/opt/tools/backup.sh");
    }
    SECTION("no identity: no inode, no device") {
        ev.script->id.reset();
        auto k = format_json(ev);
        CHECK(k["file"] == json{{"path", "/opt/tools/backup.sh"},
                                {"name", "backup.sh"},
                                {"directory", "/opt/tools"},
                                {"hash", {{"sha256", kScriptDigest}}}});
    }
    SECTION("an unknown or garbage algorithm is no key under file.hash") {
        for (const char* name : {"unknown", "x\"y", "sha256.x", "file"}) {
            ev.script->hash = FileHash{name, "abcd", std::string(name) + ":abcd"};
            auto k = format_json(ev);
            CHECK_FALSE(k["file"].contains("hash"));
            CHECK(k["audisp_ima"]["script_hash"] == std::string(name) + ":abcd");
        }
    }
    SECTION("no script: no file object, no script fields") {
        auto k = format_json(sudo_execution());
        CHECK_FALSE(k.contains("file"));
        CHECK_FALSE(k["audisp_ima"].contains("script_hash_source"));
        CHECK_FALSE(k["audisp_ima"].contains("script_hash"));
    }
}

TEST_CASE("JSON: a script path with invalid UTF-8, a newline and quotes stays in its fields", "[json]") {
    ExecEvent ev = script_execution();
    ev.script->path = std::string("/tmp/d\xff\"ir/x\ny\" cs1=evil=\\|\r\x1d.sh");
    std::string line = JsonFormatter(FormatterOptions{}).format(Event{ev});
    CHECK(line.find_first_of("\r\n") == std::string::npos);
    auto j = format_json(ev);  // also: no control byte, parses, no duplicate key, no null
    CHECK(j["file"]["path"] == "/tmp/d" + R + "\"ir/x\ny\" cs1=evil=\\|\r\x1d.sh");
    CHECK(j["file"]["name"] == "x\ny\" cs1=evil=\\|\r\x1d.sh");
    CHECK(j["file"]["directory"] == "/tmp/d" + R + "\"ir");
    const auto in_order = nlohmann::ordered_json::parse(line);  // keeps the keys in line order
    std::vector<std::string> keys;
    for (const auto& [key, value] : in_order["file"].items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"path", "name", "directory", "hash", "inode", "device"});
    CHECK(j["audisp_ima"]["invalid_utf8"] == json::array({"file.path", "file.directory"}));
    // Nothing else of the event changed.
    CHECK(j["process"]["executable"] == "/usr/bin/dash");
    CHECK(j["audisp_ima"]["script_hash_source"] == "measured");
}

TEST_CASE("JSON: INTEGRITY_PCR violation, every field", "[json]") {
    auto j = format_json(pcr_violation(), "collector");
    CHECK(j["@timestamp"] == "2022-12-12T15:08:27.178Z");
    CHECK(j["ecs"]["version"] == "8.11.0");
    CHECK(j["event"] == json{{"kind", "event"},
                             {"category", {"file"}},
                             {"type", {"info"}},
                             {"action", "invalid_pcr"},
                             {"outcome", "success"},
                             {"sequence", 126},
                             {"module", "audisp-ima"},
                             {"dataset", "audisp_ima.integrity"}});
    CHECK(j["host"]["hostname"] == "collector");
    CHECK(j["process"] == json{{"pid", 1438}, {"name", "grep"}});
    CHECK(j["user"] == json{{"id", "0"}, {"audit", {{"id", "0"}}}});
    CHECK(j["file"] == json{{"path", "/var/log/audit/audit.log"},
                            {"name", "audit.log"},
                            {"device", "vda2"},
                            {"inode", "8182"}});
    CHECK_FALSE(j.contains("error"));  // errno=0
    const auto& a = j["audisp_ima"];
    CHECK(a["serial"] == 126);
    CHECK_FALSE(a.contains("node"));
    CHECK(a["record_type"] == "INTEGRITY_PCR");
    CHECK(a["op"] == "invalid_pcr");
    CHECK(a["cause"] == "open_writers");
    CHECK(a["res"] == 1);
    CHECK(a["errno"] == 0);
    CHECK(a["session"] == 3);
    CHECK_FALSE(a.contains("subj"));
    CHECK(a["fields"] == json{{"pid", "1438"}, {"uid", "0"}, {"auid", "0"}, {"ses", "3"}, {"op", "invalid_pcr"},
                              {"cause", "open_writers"}, {"comm", "grep"}, {"name", "/var/log/audit/audit.log"},
                              {"dev", "vda2"}, {"ino", "8182"}, {"res", "1"}, {"errno", "0"}});
    // fields keep record order
    std::string line = JsonFormatter(FormatterOptions{}).format(Event{pcr_violation()});
    CHECK(line.find(R"("fields":{"pid":"1438","uid":"0","auid":"0","ses":"3","op")") != std::string::npos);
}

TEST_CASE("JSON: appraisal failure with unset auid", "[json]") {
    auto j = format_json(appraisal_failure());
    CHECK(j["event"]["category"] == json::array({"file"}));
    CHECK(j["event"]["action"] == "appraise_data");
    CHECK(j["event"]["outcome"] == "failure");
    CHECK(j["user"] == json{{"id", "0"}});
    CHECK_FALSE(j["audisp_ima"].contains("session"));
    CHECK(j["file"]["path"] == "/usr/bin/xzmore");
    CHECK(j["audisp_ima"]["cause"] == "invalid-signature");
    CHECK(j["audisp_ima"]["fields"]["auid"] == "4294967295");  // the raw record keeps it
}

TEST_CASE("JSON: policy records are configuration changes", "[json]") {
    SECTION("INTEGRITY_STATUS policy_update failed") {
        auto j = format_json(policy_update_failed());
        CHECK(j["event"]["category"] == json::array({"configuration"}));
        CHECK(j["event"]["type"] == json::array({"change"}));
        CHECK(j["event"]["action"] == "policy_update");
        CHECK(j["event"]["outcome"] == "failure");
        CHECK(j["process"]["name"] == "ima_policy.sh");
        CHECK_FALSE(j.contains("file"));
    }
    SECTION("INTEGRITY_POLICY_RULE: no op, action from the type") {
        auto j = format_json(policy_rule());
        CHECK(j["event"]["category"] == json::array({"configuration"}));
        CHECK(j["event"]["action"] == "policy-rule");
        CHECK(j["event"]["outcome"] == "success");
        CHECK_FALSE(j.contains("process"));
        CHECK_FALSE(j.contains("user"));
        CHECK(j["audisp_ima"] == json{{"serial", 141},
                                      {"record_type", "INTEGRITY_POLICY_RULE"},
                                      {"res", 1},
                                      {"fields", {{"action", "dont_measure"}, {"fsmagic", "0x9fa0"}, {"res", "1"}}}});
    }
    SECTION("old kernel's INTEGRITY_RULE without file=") {
        auto j = format_json(old_kernel_policy_rule());
        CHECK(j["event"]["category"] == json::array({"configuration"}));
        CHECK(j["event"]["type"] == json::array({"change"}));
        CHECK(j["event"]["action"] == "rule");
        CHECK(j["audisp_ima"]["fields"]["func"] == "BPRM_CHECK");
    }
}

TEST_CASE("JSON: integrity odds and ends", "[json]") {
    SECTION("errno other than 0 becomes error.code, as a string") {
        auto ev = appraisal_failure();
        ev.error_code = 13;
        auto j = format_json(ev);
        CHECK(j["error"]["code"] == "13");
        CHECK(j["audisp_ima"]["errno"] == 13);
    }
    SECTION("no res=: outcome unknown") {
        auto ev = pcr_violation();
        ev.res.reset();
        CHECK(format_json(ev)["event"]["outcome"] == "unknown");
    }
    SECTION("a repeated field name keeps its first value") {
        auto ev = policy_rule();
        ev.fields.push_back({"action", "measure"});
        CHECK(format_json(ev)["audisp_ima"]["fields"]["action"] == "dont_measure");
    }
    SECTION("missing type name: derived from the number") {
        auto ev = pcr_violation();
        ev.type_name.clear();
        CHECK(format_json(ev)["audisp_ima"]["record_type"] == "INTEGRITY_PCR");
    }
    SECTION("hostile comm and name") {
        auto ev = pcr_violation();
        ev.comm = "gr\xffp\n";
        ev.name = "/tmp/x\"\\\r\xED\xA0\x80";
        ev.fields[6].value = *ev.comm;
        ev.fields[7].value = *ev.name;
        auto j = format_json(ev);
        CHECK(j["process"]["name"] == "gr" + R + "p\n");
        CHECK(j["file"]["path"] == "/tmp/x\"\\\r" + R + R + R);
        CHECK(j["file"]["name"] == "x\"\\\r" + R + R + R);
        CHECK(j["audisp_ima"]["fields"]["comm"] == "gr" + R + "p\n");
        CHECK(j["audisp_ima"]["invalid_utf8"] ==
              json::array({"process.name", "file.path", "file.name", "audisp_ima.fields.comm", "audisp_ima.fields.name"}));
    }
}

TEST_CASE("the duplicate-key check sees a repeated key that parse() would hide", "[json]") {
    CHECK(duplicate_key(R"({"a":1,"b":{"c":1,"c":2}})") == "c");
    CHECK(duplicate_key(R"({"a":{"x":1},"b":{"x":1},"l":[{"x":1},{"x":2}]})") == std::nullopt);
}

TEST_CASE("make_formatter picks the format by name", "[json]") {
    CHECK(dynamic_cast<JsonFormatter*>(make_formatter("json", {}).get()) != nullptr);
    CHECK(dynamic_cast<CefFormatter*>(make_formatter("cef", {}).get()) != nullptr);
    CHECK_THROWS_AS(make_formatter("xml", {}), std::invalid_argument);
    CHECK_THROWS_AS(make_formatter("", {}), std::invalid_argument);
    CHECK_THROWS_AS(make_formatter("JSON", {}), std::invalid_argument);
}

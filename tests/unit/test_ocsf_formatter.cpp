// OCSF 1.8.0 events, parsed back as JSON and checked against the schema's own definitions
// (ocsf/ocsf-schema at tag 1.8.0: categories.json, events/base_event.json, events/system/
// process_activity.json and file_activity.json, objects/fingerprint.json and file.json,
// dictionary.json), with each event's values worked out from the records the sample events
// quote (tests/support/sample_events.h).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formatters/message_fitter.h"
#include "formatters/ocsf_formatter.h"
#include "plugin/pipeline.h"
#include "tests/support/format_checks.h"
#include "tests/support/json_keys.h"
#include "tests/support/lifecycle_records.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;
using nlohmann::json;

namespace {

json format_ocsf(const Event& event, std::string default_host = "collector") {
    std::string line = OcsfFormatter(FormatterOptions{std::move(default_host)}).format(event);
    INFO(line);
    CHECK(message_problems("ocsf", line) == "");
    return json::parse(line);
}

std::vector<json> run(const std::string& text) {
    std::vector<json> out;
    Pipeline pipeline(make_formatter("ocsf", {}), [&](std::string&& m) { out.push_back(json::parse(m)); },
                      [](const std::string&) {});
    pipeline.feed(text);
    pipeline.flush();
    return out;
}

}  // namespace

TEST_CASE("ocsf: an execution is Process Activity: Launch (Exec), with the kernel's hash", "[ocsf]") {
    json m = format_ocsf(sudo_execution());
    // process_activity.json: uid 7 in System Activity (1): class 1007; Launch is activity 1.
    CHECK(m["class_uid"] == 1007);
    CHECK(m["class_name"] == "Process Activity");
    CHECK(m["category_uid"] == 1);
    CHECK(m["activity_id"] == 1);
    CHECK(m["type_uid"] == 100701);
    CHECK(m["launch_type_id"] == 3);  // dictionary.json launch_type_id: 3 Exec
    CHECK(m["status_id"] == 1);
    CHECK(m["severity_id"] == 1);
    // audit(1795714810.720:171): milliseconds since the epoch.
    CHECK(m["time"] == 1795714810720);
    CHECK(m["metadata"]["original_time"] == "1795714810.720");
    CHECK(m["metadata"]["version"] == "1.8.0");
    CHECK(m["metadata"]["product"]["name"] == "audisp-ima");
    CHECK(m["device"]["hostname"] == "vm-e2e");
    CHECK(m["device"]["os"]["type_id"] == 200);  // os.json: 200 Linux
    const json& p = m["process"];
    CHECK(p["pid"] == 433);
    CHECK(p["name"] == "sudo");
    CHECK(p["cmd_line"] == "/opt/sudo -u");
    CHECK(p["working_directory"] == "/");
    CHECK(p["file"]["path"] == "/opt/sudo");
    CHECK(p["file"]["name"] == "sudo");
    // fingerprint.json: algorithm_id 3 SHA-256.
    CHECK(p["file"]["hashes"] == json::array({{{"algorithm_id", 3}, {"algorithm", "SHA-256"}, {"value", kSudoDigest}}}));
    CHECK(p["user"]["uid"] == "0");
    CHECK(p["parent_process"]["pid"] == 401);
    CHECK_FALSE(p.contains("uid"));  // no process table ran: no entity id
    // The actor: the same process before the exec, the image that called execve (IMA's exe=).
    CHECK(m["actor"]["process"]["pid"] == 433);
    CHECK(m["actor"]["process"]["file"]["path"] == "/usr/bin/bash");
    CHECK(m["unmapped"]["hash_source"] == "measured");
    CHECK(m["unmapped"]["audit_serial"] == 171);
    CHECK(m["unmapped"]["audit_key"] == "exec");
}

TEST_CASE("ocsf: a failed execution, a measurement, an integrity record with and without a file", "[ocsf]") {
    json failed = format_ocsf(failed_execution());
    CHECK(failed["type_uid"] == 100701);
    CHECK(failed["status_id"] == 2);
    CHECK(failed["status"] == "Failure");
    CHECK_FALSE(failed["process"]["file"].contains("hashes"));
    CHECK(failed["unmapped"]["hash_source"] == "none");

    // pasted-ima.log serial 329: file="/usr/bin/mount", a bare sha1 digest, bash (Fd-IMA.sh).
    json m = format_ocsf(mount_measurement());
    CHECK(m["class_uid"] == 1001);  // file_activity.json: uid 1
    CHECK(m["activity_id"] == 99);
    CHECK(m["activity_name"] == "Measure");
    CHECK(m["type_uid"] == 100199);
    CHECK(m["device"]["hostname"] == "collector");
    CHECK(m["file"]["path"] == "/usr/bin/mount");
    CHECK(m["file"]["name"] == "mount");
    CHECK(m["file"]["hashes"][0]["algorithm_id"] == 2);  // SHA-1
    CHECK(m["file"]["hashes"][0]["value"] == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");
    CHECK(m["actor"]["process"]["pid"] == 12417);
    CHECK(m["actor"]["process"]["name"] == "Fd-IMA.sh");
    CHECK(m["actor"]["process"]["file"]["path"] == "/usr/bin/bash");
    CHECK(m["actor"]["process"]["session"]["terminal"] == "pts0");
    CHECK_FALSE(m.contains("status_id"));  // a measurement has no result

    // pasted-ima.log line 1: INTEGRITY_PCR res=1 op=invalid_pcr name=/var/log/audit/audit.log.
    json pcr = format_ocsf(pcr_violation());
    CHECK(pcr["class_uid"] == 1001);
    CHECK(pcr["activity_name"] == "invalid_pcr");
    CHECK(pcr["file"]["path"] == "/var/log/audit/audit.log");
    CHECK(pcr["unmapped"]["record_type"] == "INTEGRITY_PCR");
    CHECK(pcr["unmapped"]["inode"] == 8182);
    CHECK(format_ocsf(appraisal_failure())["severity_id"] == 4);

    // An IMA policy rule record names no file: a Base Event (class 0, category 0).
    json rule = format_ocsf(policy_rule());
    CHECK(rule["class_uid"] == 0);
    CHECK(rule["category_uid"] == 0);
    CHECK(rule["type_uid"] == 99);
    CHECK_FALSE(rule.contains("file"));
}

TEST_CASE("ocsf: a process's Terminate names the uid its Launch gave it", "[ocsf][lifecycle]") {
    auto messages = run(sleep_and_exit("3"));
    const json* launch = nullptr;
    const json* end = nullptr;
    for (const auto& m : messages) {
        CHECK(message_problems("ocsf", m.dump()) == "");
        if (m.value("type_uid", 0) == 100701) launch = &m;
        if (m.value("type_uid", 0) == 100702) end = &m;
    }
    REQUIRE(launch);
    REQUIRE(end);
    CHECK((*end)["process"]["uid"] == (*launch)["process"]["uid"]);
    CHECK((*end)["process"]["created_time"] == 1700000100000);
    CHECK((*end)["process"]["terminated_time"] == 1700000103250);
    CHECK((*end)["exit_code"] == 3);
    CHECK((*end)["actor"]["process"]["pid"] == 4000);  // reflexive: the process ended itself
    CHECK((*launch)["process"]["session"]["uid"] == "3");
}

TEST_CASE("ocsf: a record without pid= still makes objects the schema allows", "[ocsf]") {
    // What the fuzzer found: INTEGRITY_PCR with comm= kept and pid= destroyed.
    IntegrityEvent ev = pcr_violation();
    ev.pid.reset();
    json m = format_ocsf(ev);
    CHECK(m["actor"]["process"]["name"] == "grep");
    CHECK(m["actor"]["process"]["uid"] == "unknown");
    ExecEvent exec = sudo_execution();
    exec.task.pid.reset();
    exec.syscall->task.pid.reset();
    json e = format_ocsf(exec);
    CHECK(e["process"]["uid"] == "unknown");
    CHECK(e["process"]["file"]["path"] == "/opt/sudo");
}

TEST_CASE("ocsf: invalid UTF-8 and control bytes cannot break the JSON; what was replaced is named", "[ocsf]") {
    ExecEvent ev = sudo_execution();
    ev.args = {"/opt/sudo", "\"},\"class_uid\":0,\"x\":{\"", "tab\tnl\n", "bad\xFFutf8"};
    json m = format_ocsf(ev);
    CHECK(m["class_uid"] == 1007);
    CHECK(m["process"]["cmd_line"] == "/opt/sudo \"},\"class_uid\":0,\"x\":{\" tab\tnl\n bad\xEF\xBF\xBDutf8");
    CHECK(m["unmapped"]["invalid_utf8"] == json::array({"process.cmd_line"}));
}

TEST_CASE("ocsf: 6000 arguments fit 8096 bytes, the image and hash whole", "[ocsf][fitter]") {
    ExecEvent ev = sudo_with_6000_arguments();
    OcsfFormatter ocsf(FormatterOptions{"collector"});
    FittedMessage fitted = format_within(ocsf, ev, 8096);
    REQUIRE(fitted.fits);
    CHECK(fitted.text.size() <= 8096);
    CHECK(message_problems("ocsf", fitted.text) == "");
    json m = json::parse(fitted.text);
    CHECK(m["process"]["file"]["path"] == "/opt/sudo");
    CHECK(m["process"]["file"]["hashes"][0]["value"] == kSudoDigest);
    std::string line = m["process"]["cmd_line"];
    CHECK(kept_head_and_tail(line));
}

TEST_CASE("ocsf: statistics are a Base Event with every counter", "[ocsf]") {
    StatisticsReport report = sample_statistics();
    std::string line = OcsfFormatter(FormatterOptions{}).format_statistics(report);
    CHECK(message_problems("ocsf", line) == "");
    json m = json::parse(line);
    CHECK(m["class_uid"] == 0);
    CHECK(m["time"] == 1795714900005);
    CHECK(m["unmapped"]["counters"]["records"] == 37);
}

TEST_CASE("ocsf checker: refuses what the schema does not allow", "[ocsf]") {
    json good = format_ocsf(sudo_execution());
    auto without = [&](const json::json_pointer& at) {
        json m = good;
        m[at.parent_pointer()].erase(at.back());
        return message_problems("ocsf", m.dump());
    };
    CHECK(without("/time"_json_pointer) != "");
    CHECK(without("/metadata/version"_json_pointer) != "");
    CHECK(without("/device/type_id"_json_pointer) != "");
    CHECK(without("/process/file/name"_json_pointer) != "");
    CHECK(without("/process/file/hashes/0/algorithm_id"_json_pointer) != "");
    json wrong = good;
    wrong["type_uid"] = 100702;
    CHECK(message_problems("ocsf", wrong.dump()) != "");
    wrong = good;
    wrong["process"]["user"]["uid"] = 0;  // uid attributes are strings
    CHECK(message_problems("ocsf", wrong.dump()) != "");
}

// Sysmon for Linux XML, read back with expat (tests/support/sysmon_xml.h). Sysmon's layout and
// values are taken from Sysmon for Linux itself (microsoft/SysmonForLinux: outputxml.cpp, its
// unit test test/linuxRules.cpp, and events it wrote); the values of each event are worked out
// from the records the sample events quote (tests/support/sample_events.h).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "formatters/message_fitter.h"
#include "formatters/sysmon_formatter.h"
#include "formatters/sysmon_guid.h"
#include "formatters/xml_text.h"
#include "plugin/pipeline.h"
#include "tests/support/corpus_files.h"
#include "tests/support/lifecycle_records.h"
#include "tests/support/sample_events.h"
#include "tests/support/sysmon_xml.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD
using Items = std::vector<std::pair<std::string, std::string>>;

SysmonEvent format_sysmon(const Event& event, FormatterOptions options = {"collector", 812, 0}) {
    std::string line = SysmonFormatter(std::move(options)).format(event);
    INFO(line);
    SysmonEvent ev;
    REQUIRE_NOTHROW(ev = parse_sysmon_xml(line));
    return ev;
}

// Every line the pipeline writes for `text`, in the Sysmon format, read back.
std::vector<SysmonEvent> run(const std::string& text) {
    std::vector<SysmonEvent> out;
    Pipeline pipeline(make_formatter("sysmon", {}), [&](std::string&& m) { out.push_back(parse_sysmon_xml(m)); },
                      [](const std::string&) {});
    pipeline.feed(text);
    pipeline.flush();
    return out;
}

const SysmonEvent* find(const std::vector<SysmonEvent>& events, const std::string& id, const std::string& pid) {
    for (const auto& ev : events)
        if (ev.event_id == id && ev.find("ProcessId") && *ev.find("ProcessId") == pid) return &ev;
    return nullptr;
}

}  // namespace

TEST_CASE("sysmon: an execution is Sysmon's ProcessCreate, item for item", "[sysmon]") {
    SysmonEvent ev = format_sysmon(sudo_execution());
    // The System block as Sysmon for Linux writes EventID 1 (its unit test's expected text).
    CHECK(ev.provider_name == "Linux-Sysmon");
    CHECK(ev.provider_guid == "{ff032593-a8d3-4f13-b0d6-01fc615a0f97}");
    CHECK(ev.event_id == "1");
    CHECK(ev.version == "5");
    CHECK(ev.level == "4");
    CHECK(ev.task == "1");
    CHECK(ev.opcode == "0");
    CHECK(ev.keywords == "0x8000000000000000");
    CHECK(ev.channel == "Linux-Sysmon/Operational");
    // audit(1795714810.720:171) on node vm-e2e: date -u -d @1795714810 is 2026-11-26 17:40:10.
    CHECK(ev.system_time == "2026-11-26T17:40:10.720000000Z");
    CHECK(ev.record_id == "171");
    CHECK(ev.computer == "vm-e2e");
    CHECK(ev.process_id == "812");  // the writer's, as Sysmon names its own
    CHECK(ev.thread_id == "812");
    CHECK(ev.user_id == "0");
    // No process table ran (no entity ids), no name was resolved: ids, nulls and dashes.
    std::string prefix = guid_prefix(GuidHost{"", "vm-e2e"});
    CHECK(ev.data == Items{
                         {"RuleName", "-"},
                         {"UtcTime", "2026-11-26 17:40:10.720"},
                         {"ProcessGuid", "{00000000-0000-0000-0000-000000000000}"},
                         {"ProcessId", "433"},
                         {"Image", "/opt/sudo"},
                         {"FileVersion", "-"},
                         {"Description", "-"},
                         {"Product", "-"},
                         {"Company", "-"},
                         {"OriginalFileName", "-"},
                         {"CommandLine", "/opt/sudo -u"},
                         {"CurrentDirectory", "/"},
                         {"User", "0"},
                         {"LogonGuid", "{" + prefix + "-0000-0000-0000-000000000000}"},
                         {"LogonId", "0"},
                         {"TerminalSessionId", "4294967295"},  // ses=4294967295
                         {"IntegrityLevel", "no level"},
                         {"Hashes", "SHA256=" + kSudoDigest},
                         {"ParentProcessGuid", "{00000000-0000-0000-0000-000000000000}"},
                         {"ParentProcessId", "401"},
                         {"ParentImage", "-"},
                         {"ParentCommandLine", "-"},
                         {"ParentUser", "-"},
                         {"HashSource", "measured"},
                     });
}

TEST_CASE("sysmon: GUIDs as Sysmon for Linux lays them out", "[sysmon][guid]") {
    // Sysmon for Linux's own event (www-data, LogonId 33): LogonGuid {717481a5-0000-0000-2100-000000000000},
    // 717481a5 the first 8 digits of /etc/machine-id.
    CHECK(logon_guid(GuidHost{"717481a5c0ffee00c0ffee00c0ffee00", "web"}, 33) == "{717481a5-0000-0000-2100-000000000000}");
    CHECK(logon_guid(GuidHost{"717481a5c0ffee00c0ffee00c0ffee00", "web"}, 0x12345678) ==
          "{717481a5-0000-0000-7856-341200000000}");
    // A node without a machine-id: the prefix comes from its name, the same each time, not zero.
    CHECK(guid_prefix(GuidHost{"", "web01"}) == guid_prefix(GuidHost{"", "web01"}));
    CHECK(guid_prefix(GuidHost{"", "web01"}) != guid_prefix(GuidHost{"", "web02"}));
    CHECK(guid_prefix(GuidHost{"", ""}) == "00000000");
    CHECK(guid_prefix(GuidHost{"not-hex-at-all", "h"}) == guid_prefix(GuidHost{"", "h"}));
    // One process, one GUID; another process or another host, another GUID.
    GuidHost a{"717481a5c0ffee00c0ffee00c0ffee00", ""};
    std::string g = process_guid(a, "origin-1795714810720-171");
    CHECK(g == process_guid(a, "origin-1795714810720-171"));
    CHECK(g.rfind("{717481a5-", 0) == 0);
    CHECK(g.size() == 38);
    CHECK(g != process_guid(a, "origin-1795714810720-172"));
    CHECK(g != process_guid(GuidHost{"9a2c00115ee0c0ffee00c0ffee00c0ff", ""}, "origin-1795714810720-171"));
    CHECK(process_guid(a, "") == std::string(kNullGuid));
}

TEST_CASE("sysmon: ProcessTerminate has its ProcessCreate's GUID and pid, as Sysmon's own test requires", "[sysmon][lifecycle]") {
    // sleep 3 (pid 4000, parent 3000) execs at 1700000100.000 and exits with status 3 at .250,
    // 3.25 s later, as the kernel writes exit_group (no success=, no exit=).
    auto events = run(sleep_and_exit("3"));
    const SysmonEvent* create = find(events, "1", "4000");
    const SysmonEvent* end = find(events, "5", "4000");
    REQUIRE(create);
    REQUIRE(end);
    CHECK(end->provider_name == "Linux-Sysmon");
    CHECK(end->version == "3");
    CHECK(end->task == "5");
    CHECK(end->record_id == "501");
    CHECK(*end->find("UtcTime") == "2023-11-14 22:15:03.250");  // date -u -d @1700000103
    CHECK(*create->find("ProcessGuid") != std::string(kNullGuid));
    CHECK(*end->find("ProcessGuid") == *create->find("ProcessGuid"));
    CHECK(*end->find("Image") == "/usr/bin/sleep");
    CHECK(*end->find("ExitCode") == "3");
    CHECK(*create->find("TerminalSessionId") == "3");
    CHECK(*create->find("LogonId") == "1000");
    // uid 1000 is e8 03 00 00 little-endian.
    CHECK(create->find("LogonGuid")->substr(9) == "-0000-0000-e803-000000000000}");
    CHECK(*create->find("CommandLine") == "sleep 3");
    CHECK(*create->find("CurrentDirectory") == "/home/user");
    std::vector<std::string> end_names = end->names();
    CHECK(std::vector<std::string>(end_names.begin(), end_names.begin() + 6) ==
          std::vector<std::string>{"RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "User"});
}

TEST_CASE("sysmon: LAUREL's shell trace, grep's ParentProcessGuid is the script's ProcessGuid", "[sysmon][lifecycle][corpus]") {
    // bash forks 71505, which execs dash on test-script.sh and forks 71507, which execs grep.
    auto events = run(read_corpus_file(kCorpusDir + "/laurel/shell-proc-trace.txt"));
    const SysmonEvent* script = find(events, "1", "71505");
    const SysmonEvent* grep = find(events, "1", "71507");
    REQUIRE(script);
    REQUIRE(grep);
    CHECK(*script->find("Image") == "/usr/bin/dash");
    CHECK(*grep->find("ParentProcessGuid") == *script->find("ProcessGuid"));
    CHECK(*grep->find("ParentProcessId") == "71505");
    CHECK(*grep->find("ParentImage") == "/usr/bin/dash");
    CHECK(*grep->find("ParentCommandLine") == *script->find("CommandLine"));
    CHECK(*grep->find("ProcessGuid") != *script->find("ProcessGuid"));
}

TEST_CASE("sysmon: what Sysmon has no event for comes under audisp-ima's provider", "[sysmon]") {
    SysmonEvent failed = format_sysmon(failed_execution());
    CHECK(failed.provider_name == "audisp-ima");
    CHECK(failed.channel == "audisp-ima/Operational");
    CHECK(failed.event_id == "4101");
    CHECK(failed.level == "3");
    CHECK(*failed.find("Outcome") == "failure");
    CHECK(*failed.find("Image") == "/opt/missing");
    CHECK(*failed.find("Hashes") == "-");
    CHECK(*failed.find("HashSource") == "none");
    CHECK(failed.names().size() == 23 + 2);  // ProcessCreate's, HashSource, Outcome

    // pasted-ima.log serial 329: the default host, a bare sha1 digest, uid 0, ses=1.
    SysmonEvent m = format_sysmon(mount_measurement());
    CHECK(m.event_id == "4102");
    CHECK(m.computer == "collector");
    CHECK(m.data == Items{{"RuleName", "-"},
                          {"UtcTime", "2020-03-29 19:13:52.130"},  // date -u -d @1585509232
                          {"ProcessId", "12417"},
                          {"Image", "/usr/bin/bash"},
                          {"TargetFilename", "/usr/bin/mount"},
                          {"Hashes", "SHA1=28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c"},
                          {"HashSource", "measured"},
                          {"User", "0"},
                          {"TerminalSessionId", "1"}});

    // pasted-ima.log line 1: INTEGRITY_PCR res=1 op=invalid_pcr cause=open_writers.
    SysmonEvent pcr = format_sysmon(pcr_violation());
    CHECK(pcr.event_id == "4103");
    CHECK(pcr.level == "3");
    CHECK(*pcr.find("RecordType") == "INTEGRITY_PCR");
    CHECK(*pcr.find("Cause") == "open_writers");
    CHECK(*pcr.find("TargetFilename") == "/var/log/audit/audit.log");
    CHECK(*pcr.find("Inode") == "8182");
    CHECK(*pcr.find("Outcome") == "success");
    CHECK(format_sysmon(appraisal_failure()).level == "2");
}

TEST_CASE("sysmon: markup, line breaks, control bytes and invalid UTF-8 cannot change the document", "[sysmon]") {
    ExecEvent ev = sudo_execution();
    ev.key.node = "n<ode>&\"";
    ev.args = {"/opt/sudo", "</Data><Data Name=\"Hashes\">SHA256=00", "a&b", "tab\there", "two\nlines", "cr\rx",
               "bell\x07", "bad\xFFutf8", "nonchar\xEF\xBF\xBF", "del\x7f", "'q'"};
    SysmonEvent msg = format_sysmon(ev);
    CHECK(msg.computer == "n<ode>&\"");
    // Tab, LF and CR are kept exactly (as character references); what XML cannot hold is U+FFFD.
    CHECK(*msg.find("CommandLine") == "/opt/sudo </Data><Data Name=\"Hashes\">SHA256=00 a&b tab\there two\nlines cr\rx bell" +
                                          R + " bad" + R + "utf8 nonchar" + R + " del\x7f 'q'");
    CHECK(*msg.find("Hashes") == "SHA256=" + kSudoDigest);
    CHECK(*msg.find("InvalidUtf8Fields") == "CommandLine");

    std::string out;
    CHECK_FALSE(append_xml_text(out, "<&>\"'\t\n\r\x7f"));
    CHECK(out == "&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;&#127;");
    out.clear();
    CHECK(append_xml_text(out, std::string("\0\x1f\xEF\xBF\xBE", 5)));
    CHECK(out == R + R + R);
}

TEST_CASE("sysmon: 6000 arguments fit 8096 bytes, identity whole, head and tail kept", "[sysmon][fitter]") {
    ExecEvent ev = sudo_with_6000_arguments();
    SysmonFormatter sysmon(FormatterOptions{"collector"});
    FittedMessage fitted = format_within(sysmon, ev, 8096);
    REQUIRE(fitted.fits);
    CHECK(fitted.text.size() <= 8096);
    SysmonEvent msg = parse_sysmon_xml(fitted.text);
    CHECK(*msg.find("Image") == "/opt/sudo");
    CHECK(*msg.find("Hashes") == "SHA256=" + kSudoDigest);
    const std::string& line = *msg.find("CommandLine");
    CHECK(kept_head_and_tail(line));
}

TEST_CASE("sysmon: statistics, every counter an item", "[sysmon]") {
    StatisticsReport report = sample_statistics();
    SysmonEvent msg = parse_sysmon_xml(SysmonFormatter(FormatterOptions{}).format_statistics(report));
    CHECK(msg.provider_name == "audisp-ima");
    CHECK(msg.event_id == "4100");
    CHECK(msg.computer == "web01");
    CHECK(msg.system_time == "2026-11-26T17:41:40.005000000Z");
    CHECK(*msg.find("records") == "37");
    CHECK(*msg.find("dropped") == "0");
    CHECK(*msg.find("Trigger") == "exit");
}

TEST_CASE("sysmon XML reader: refuses what is not Sysmon's layout", "[sysmon]") {
    const std::string system =
        "<System><Provider Name=\"p\" Guid=\"g\"/><EventID>1</EventID><Version>5</Version><Level>4</Level>"
        "<Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime=\"t\"/>"
        "<EventRecordID>1</EventRecordID><Correlation/><Execution ProcessID=\"1\" ThreadID=\"1\"/>"
        "<Channel>c</Channel><Computer>h</Computer><Security UserId=\"0\"/></System>";
    CHECK(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">x</Data></EventData></Event>").data ==
          Items{{"a", "x"}});
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">x</Data><Data Name=\"a\">y</Data></EventData></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">x</Data></EventData>"));  // unclosed
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">x\ny</Data></EventData></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">\xFF</Data></EventData></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data Name=\"a\">&#1;</Data></EventData></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<Event>" + system + "<EventData><Data>x</Data></EventData></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<!DOCTYPE Event><Event>" + system + "<EventData/></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<?xml version=\"1.0\"?><Event>" + system + "<EventData/></Event>"));
    CHECK_THROWS(parse_sysmon_xml("<Event><EventData/>" + system + "</Event>"));
    std::string swapped = system;
    swapped.replace(swapped.find("<Version>5</Version>"), 20, "");
    CHECK_THROWS(parse_sysmon_xml("<Event>" + swapped + "<EventData/></Event>"));
}

// LEEF 2.0 lines, checked with the independent strict parser (tests/support/leef_parser.h).
// Expected values are worked out from the records each sample event quotes
// (tests/support/sample_events.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formatters/leef_formatter.h"
#include "formatters/message_fitter.h"
#include "tests/support/leef_parser.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

LeefMessage format_leef(const Event& event, std::string default_host = "collector") {
    std::string line = LeefFormatter(FormatterOptions{std::move(default_host)}).format(event);
    INFO(line);
    LeefMessage msg;
    REQUIRE_NOTHROW(msg = parse_leef(line));
    CHECK(msg.vendor == "audisp-ima");
    CHECK(msg.product == "audisp-ima");
    CHECK(msg.product_version == AUDISP_IMA_VERSION);
    CHECK(msg.delimiter == '\t');
    return msg;
}

using Attributes = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("leef: an execution, every attribute from its records", "[leef]") {
    LeefMessage msg = format_leef(sudo_execution());
    CHECK(msg.event_id == "ima-exec");
    // audit(1795714810.720:171) on node vm-e2e; no entity id or event id: no stage ran.
    CHECK(msg.attributes == Attributes{
                                {"devTime", "2026-11-26T17:40:10.720Z"},
                                {"devTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX"},
                                {"cat", "execution"},
                                {"sev", "3"},
                                {"act", "execute"},
                                {"host", "vm-e2e"},
                                {"serial", "171"},
                                {"outcome", "success"},
                                {"pid", "433"},
                                {"image", "/opt/sudo"},
                                {"imageName", "sudo"},
                                {"hashAlgorithm", "sha256"},
                                {"hash", kSudoDigest},
                                {"hashSource", "measured"},
                                {"commandLine", "/opt/sudo -u"},
                                {"cwd", "/"},
                                {"previousImage", "/usr/bin/bash"},
                                {"ppid", "401"},
                                {"uid", "0"},
                                {"euid", "0"},
                                {"auditKey", "exec"},
                                {"subj", "unconfined"},
                            });
}

TEST_CASE("leef: a failed execution, a measurement and an integrity record", "[leef]") {
    LeefMessage failed = format_leef(failed_execution());
    CHECK(*failed.find("sev") == "5");
    CHECK(*failed.find("outcome") == "failure");
    CHECK(*failed.find("hashSource") == "none");
    CHECK(failed.find("hash") == nullptr);

    // pasted-ima.log serial 329: no node=, so the default host; the bare sha1 digest of an old kernel.
    LeefMessage m = format_leef(mount_measurement());
    CHECK(m.event_id == "ima-measurement");
    CHECK(*m.find("cat") == "measurement");
    CHECK(*m.find("host") == "collector");
    CHECK(*m.find("filePath") == "/usr/bin/mount");
    CHECK(*m.find("hash") == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");
    CHECK(*m.find("hashAlgorithm") == "sha1");
    CHECK(*m.find("image") == "/usr/bin/bash");
    CHECK(*m.find("comm") == "Fd-IMA.sh");
    CHECK(*m.find("auid") == "1000");
    CHECK(*m.find("tty") == "pts0");
    CHECK(m.find("outcome") == nullptr);

    // pasted-ima.log line 1: INTEGRITY_PCR res=1 op=invalid_pcr.
    LeefMessage pcr = format_leef(pcr_violation());
    CHECK(pcr.event_id == "ima-pcr");
    CHECK(*pcr.find("cat") == "integrity");
    CHECK(*pcr.find("sev") == "5");
    CHECK(*pcr.find("act") == "invalid_pcr");
    CHECK(*pcr.find("outcome") == "success");
    CHECK(*pcr.find("recordType") == "INTEGRITY_PCR");
    CHECK(*pcr.find("fileInode") == "8182");
    CHECK(*pcr.find("fields") ==
          "pid=1438 uid=0 auid=0 ses=3 op=invalid_pcr cause=open_writers comm=grep name=/var/log/audit/audit.log "
          "dev=vda2 ino=8182 res=1 errno=0");
}

TEST_CASE("leef: tabs, line breaks and invalid UTF-8 in a value cannot add an attribute", "[leef]") {
    ExecEvent ev = sudo_execution();
    ev.args = {"/opt/sudo", "x\tsev=10", "two\nlines", "bad\xFFutf8", "pipe|and=equals"};
    LeefMessage msg = format_leef(ev);
    CHECK(*msg.find("sev") == "3");
    CHECK(*msg.find("commandLine") == "/opt/sudo x" + R + "sev=10 two" + R + "lines bad" + R + "utf8 pipe|and=equals");
    CHECK(*msg.find("invalidUtf8Fields") == "commandLine");
    size_t sevs = 0;
    for (const auto& [key, value] : msg.attributes) sevs += key == "sev";
    CHECK(sevs == 1);
}

TEST_CASE("leef: 6000 arguments fit 8096 bytes, head and tail kept, one marker", "[leef][fitter]") {
    ExecEvent ev = sudo_with_6000_arguments();
    LeefFormatter leef(FormatterOptions{"collector"});
    FittedMessage fitted = format_within(leef, ev, 8096);
    REQUIRE(fitted.fits);
    CHECK(fitted.text.size() <= 8096);
    LeefMessage msg = parse_leef(fitted.text);
    CHECK(*msg.find("image") == "/opt/sudo");
    CHECK(*msg.find("hash") == kSudoDigest);
    const std::string& line = *msg.find("commandLine");
    CHECK(kept_head_and_tail(line));
}

TEST_CASE("leef: an integrity record's op= is cut like any value from the record", "[leef][fitter]") {
    IntegrityEvent ev = pcr_violation();
    ev.op = std::string(9000, 'o');
    LeefFormatter leef(FormatterOptions{"collector"});
    FittedMessage fitted = format_within(leef, ev, 8096);
    REQUIRE(fitted.fits);
    LeefMessage msg = parse_leef(fitted.text);
    CHECK(msg.find("act")->find("...[truncated from 9000 bytes]") != std::string::npos);
}

TEST_CASE("leef: statistics, every counter an attribute", "[leef]") {
    StatisticsReport report = sample_statistics();
    std::string line = LeefFormatter(FormatterOptions{}).format_statistics(report);
    LeefMessage msg = parse_leef(line);
    CHECK(msg.event_id == "ima-stats");
    CHECK(*msg.find("devTime") == "2026-11-26T17:41:40.005Z");
    CHECK(*msg.find("records") == "37");
    CHECK(*msg.find("dropped") == "0");
    CHECK(*msg.find("uptimeSeconds") == "42");
}

TEST_CASE("leef parser: refuses what a receiver could misread", "[leef]") {
    CHECK_THROWS(parse_leef("LEEF:1.0|a|b|c|d|k=v"));
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|"));                  // no delimiter field
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|k=v\t\tj=w"));    // empty attribute
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|k=v\tk=w"));      // repeated key
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|k=v\nj=w"));      // line break
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|kv"));            // no '='
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|k=\xFF"));        // invalid UTF-8
    CHECK_THROWS(parse_leef("LEEF:2.0|a|b|c|d|x09|k=v\t"));         // trailing delimiter
    CHECK(parse_leef("LEEF:2.0|a\\|b|b|c|d|^|k=v^j=w=x").attributes ==
          Attributes{{"k", "v"}, {"j", "w=x"}});
}

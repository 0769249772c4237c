#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "formatters/cef_formatter.h"
#include "tests/support/cef_parser.h"
#include "tests/support/json_keys.h"
#include "tests/support/measured_events.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

const std::string kVersion = AUDISP_IMA_VERSION;

std::string format_line(const Event& event, std::string default_host = "") {
    return CefFormatter(FormatterOptions{std::move(default_host)}).format(event);
}

CefMessage format_cef(const Event& event, std::string default_host = "") {
    std::string line = format_line(event, std::move(default_host));
    CefMessage msg;
    INFO(line);
    REQUIRE_NOTHROW(msg = parse_cef(line));
    CHECK(msg.vendor == "audisp-ima");
    CHECK(msg.product == "audisp-ima");
    CHECK(msg.device_version == kVersion);
    return msg;
}

std::vector<std::string> keys_of(const CefMessage& msg) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : msg.extensions) keys.push_back(key);
    return keys;
}

std::string value(const CefMessage& msg, const std::string& key) {
    const std::string* v = msg.find(key);
    INFO("key " << key);
    REQUIRE(v != nullptr);
    return *v;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("CEF: the /opt/sudo execution, whole line", "[cef]") {
    const std::string expected =
        "CEF:0|audisp-ima|audisp-ima|" + kVersion + "|ima-exec|Process executed|3|"
        "rt=1795714810720 dvchost=vm-e2e act=execute outcome=success filePath=/opt/sudo fname=sudo fileHash=" +
        kSudoDigest +
        " dproc=/opt/sudo dpid=433 spid=401 suid=0 duid=0"
        " cs1Label=hashAlgorithm cs1=sha256 cs2Label=commandLine cs2=/opt/sudo -u"
        " cs3Label=workingDirectory cs3=/ cs4Label=hashSource cs4=measured cs5Label=auditKey cs5=exec"
        " cn1Label=auditSerial cn1=171 flexString1Label=subj flexString1=unconfined"
        " audispImaPreviousImage=/usr/bin/bash";
    CHECK(format_line(sudo_execution(), "ignored") == expected);

    auto msg = format_cef(sudo_execution());
    CHECK(msg.version == "0");
    CHECK(msg.signature_id == "ima-exec");
    CHECK(msg.name == "Process executed");
    CHECK(msg.severity == 3);
    CHECK(value(msg, "cs2") == "/opt/sudo -u");
    // auid and ses are 4294967295 (unset), tty=(none): no cn2, cn3, cs6 and no labels for them
    CHECK(msg.find("cn2Label") == nullptr);
    CHECK(msg.find("cn3Label") == nullptr);
    CHECK(msg.find("cs6Label") == nullptr);
}

TEST_CASE("CEF: execution fields of a setuid run", "[cef]") {
    ExecEvent ev = sudo_execution();
    ev.task.uid = 1000u;
    ev.task.euid = 0u;
    ev.task.auid = 1001u;
    ev.task.ses = 5u;
    ev.task.tty = "pts3";
    auto msg = format_cef(ev);
    CHECK(value(msg, "suid") == "1000");  // the real uid: who ran it
    CHECK(value(msg, "duid") == "0");     // the effective uid: whom it runs as
    CHECK(msg.find("suser") == nullptr);  // no names known
    CHECK(msg.find("duser") == nullptr);
    CHECK(value(msg, "cs6Label") == "tty");
    CHECK(value(msg, "cs6") == "pts3");
    CHECK(value(msg, "cn2Label") == "auid");
    CHECK(value(msg, "cn2") == "1001");
    CHECK(value(msg, "cn3Label") == "session");
    CHECK(value(msg, "cn3") == "5");
    CHECK(keys_of(msg) == Keys{"rt", "dvchost", "act", "outcome", "filePath", "fname", "fileHash", "dproc",
                               "dpid", "spid", "suid", "duid", "cs1Label", "cs1", "cs2Label", "cs2", "cs3Label",
                               "cs3", "cs4Label", "cs4", "cs5Label", "cs5", "cs6Label", "cs6", "cn1Label", "cn1",
                               "cn2Label", "cn2", "cn3Label", "cn3", "flexString1Label", "flexString1",
                               "audispImaPreviousImage"});
}

TEST_CASE("CEF: user names beside the real and the effective uid", "[cef][identity]") {
    ExecEvent ev = sudo_execution();
    ev.task.uid = 1000u;
    ev.task.euid = 0u;
    ev.names.uid = "alice";
    ev.names.euid = "root";
    ev.names.auid = "alice";  // no CEF key of its own: cn2 stays the number
    ev.names.source = NameSource::enriched;
    auto msg = format_cef(ev);
    CHECK(value(msg, "suid") == "1000");
    CHECK(value(msg, "suser") == "alice");
    CHECK(value(msg, "duid") == "0");
    CHECK(value(msg, "duser") == "root");
    auto keys = keys_of(msg);
    auto at = std::find(keys.begin(), keys.end(), "suid");
    REQUIRE(keys.end() - at >= 4);
    CHECK(Keys(at, at + 4) == Keys{"suid", "suser", "duid", "duser"});
    // A name without its id is not sent: it would name nobody.
    ev.task.euid.reset();
    msg = format_cef(ev);
    CHECK(msg.find("duid") == nullptr);
    CHECK(msg.find("duser") == nullptr);
    // A name with "=" or a backslash is escaped like any value.
    ev.names.uid = "a=b\\c";
    CHECK(value(format_cef(ev), "suser") == "a=b\\c");
}

TEST_CASE("CEF: execution with a cached hash", "[cef]") {
    auto msg = format_cef(sudo_execution_cached());
    CHECK(value(msg, "rt") == "1795714813220");
    CHECK(value(msg, "fileHash") == kSudoDigest);
    CHECK(value(msg, "cs1") == "sha256");
    CHECK(value(msg, "cs4") == "cached");
    CHECK(value(msg, "dpid") == "440");
    CHECK(value(msg, "cn1") == "172");
    CHECK(msg.find("sproc") == nullptr);
}

TEST_CASE("CEF: failed execution", "[cef]") {
    auto msg = format_cef(failed_execution());
    CHECK(msg.signature_id == "ima-exec");
    CHECK(msg.name == "Process execution failed");
    CHECK(msg.severity == 5);
    CHECK(value(msg, "act") == "execute");
    CHECK(value(msg, "outcome") == "failure");
    CHECK(value(msg, "filePath") == "/opt/missing");
    CHECK(value(msg, "audispImaPreviousImage") == "/usr/bin/bash");
    CHECK(value(msg, "cs4") == "none");
    CHECK(msg.find("fileHash") == nullptr);
    CHECK(msg.find("cs1Label") == nullptr);
    CHECK(msg.find("cs1") == nullptr);
}

TEST_CASE("CEF: standalone measurement is a file event, whole line", "[cef]") {
    // From the record in sample_events.h: the file is mount; dproc/dpid are the process that caused
    // the measurement (bash, pid 12417, about to exec mount), spid its parent. No command line.
    const std::string expected =
        "CEF:0|audisp-ima|audisp-ima|" + kVersion + "|ima-measurement|File measured by IMA|3|"
        "rt=1585509232130 dvchost=collector act=measure outcome=unknown filePath=/usr/bin/mount fname=mount"
        " fileHash=28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c dproc=/usr/bin/bash dpid=12417 spid=12301 suid=0 duid=0"
        " cs1Label=hashAlgorithm cs1=sha1 cs4Label=hashSource cs4=measured cs6Label=tty cs6=pts0"
        " cn1Label=auditSerial cn1=329 cn2Label=auid cn2=1000 cn3Label=session cn3=1"
        " flexString1Label=subj flexString1=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023";
    CHECK(format_line(mount_measurement(), "collector") == expected);
    auto msg = format_cef(mount_measurement(), "collector");
    CHECK(msg.signature_id == "ima-measurement");
    CHECK(msg.name == "File measured by IMA");
    CHECK(msg.severity == 3);
}

TEST_CASE("CEF: real standalone records through the assembler are file events", "[cef]") {
    SECTION("pasted-ima.log line 77: ld.so mapped by pkla-check-authorization") {
        auto msg = format_cef(assembled_measurement(kLdSoRecord));
        CHECK(msg.signature_id == "ima-measurement");
        CHECK(msg.name == "File measured by IMA");
        CHECK(keys_of(msg) == Keys{"rt", "act", "outcome", "filePath", "fname", "fileHash", "dproc", "dpid", "spid",
                                   "suid", "duid", "cs1Label", "cs1", "cs4Label", "cs4", "cn1Label", "cn1",
                                   "flexString1Label", "flexString1"});
        CHECK(value(msg, "rt") == "1585509232075");
        CHECK(value(msg, "act") == "measure");
        CHECK(value(msg, "filePath") == "/usr/lib64/ld-2.17.so");
        CHECK(value(msg, "fname") == "ld-2.17.so");
        CHECK(value(msg, "fileHash") == "681bd8955812d5d452d4fea378051f9fe7e8007e");
        CHECK(value(msg, "cs1") == "sha1");
        CHECK(value(msg, "dproc") == "/usr/bin/pkla-check-authorization");
        CHECK(value(msg, "dpid") == "12410");
        CHECK(value(msg, "spid") == "680");
        CHECK(value(msg, "suid") == "999");
        CHECK(value(msg, "cn1") == "292");
        CHECK(value(msg, "flexString1") == "system_u:system_r:policykit_t:s0");
    }
    SECTION("line 81: libacl mapped by cp") {
        auto msg = format_cef(assembled_measurement(kLibaclRecord));
        CHECK(value(msg, "filePath") == "/usr/lib64/libacl.so.1.1.0");
        CHECK(value(msg, "dproc") == "/usr/bin/cp");
        CHECK(value(msg, "dpid") == "12420");
        CHECK(value(msg, "cs6") == "pts0");
        CHECK(value(msg, "cn2") == "1000");
        CHECK(value(msg, "cn3") == "1");
    }
    SECTION("line 83: ~/.emacs read by more, sha256") {
        auto msg = format_cef(assembled_measurement(kEmacsRecord));
        CHECK(value(msg, "filePath") == "/home/kgold/.emacs");
        CHECK(value(msg, "fname") == ".emacs");
        CHECK(value(msg, "fileHash") == "654897e5d6ff41bffac650f7f545975757380ae0bf1bb5459c0dc054cb342084");
        CHECK(value(msg, "cs1") == "sha256");
        CHECK(value(msg, "dproc") == "/usr/bin/more");
        CHECK(value(msg, "suid") == "1000");
    }
    SECTION("no process-start keys") {
        auto msg = format_cef(assembled_measurement(kLdSoRecord));
        for (const char* key : {"sproc", "cs2Label", "cs2", "cs3Label", "cs3", "cs5Label", "cs5"})
            CHECK(msg.find(key) == nullptr);
    }
    SECTION("exe=(null) (a kernel thread): dproc is comm=") {
        auto ev = assembled_measurement(kLdSoRecord);
        ev.measurement.task.exe.reset();
        CHECK(value(format_cef(ev), "dproc") == "pkla-check-auth");
    }
}

TEST_CASE("CEF: an event with nothing known", "[cef]") {
    ExecEvent ev;
    ev.key = EventKey{"", 0, 0, 1};
    CHECK(format_line(ev) == "CEF:0|audisp-ima|audisp-ima|" + kVersion + "|ima-exec|Process executed|3|"
                                "rt=0 act=execute outcome=unknown cs4Label=hashSource cs4=none cn1Label=auditSerial cn1=1");
    FileMeasurementEvent measured;
    measured.key = EventKey{"", 0, 0, 1};
    CHECK(format_line(measured) == "CEF:0|audisp-ima|audisp-ima|" + kVersion +
                                       "|ima-measurement|File measured by IMA|3|"
                                       "rt=0 act=measure outcome=unknown cs4Label=hashSource cs4=none "
                                       "cn1Label=auditSerial cn1=1");
}

TEST_CASE("CEF: hostile bytes cannot add keys and come back as the sanitized text", "[cef]") {
    ExecEvent ev = sudo_execution();
    ev.executable = std::string("/tmp/q\"b\\s|p=e\nn\rc\x1d" "z\0x\xff", 23);
    ev.args = {"x cs1=evil", "two\nlines", "\xC0\xAF", "\xED\xA0\x80", "trunc\xE2\x82", std::string("nul\0byte", 8)};
    ev.cwd = "/home/\xff";
    ev.previous_executable = "/bin/ba\\sh";
    ev.syscall->key = "a b=c";
    ev.task.tty = "pts\t1";
    ev.task.subj = "u:r:t=s0\\x ";

    std::string line = format_line(ev);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find(" cs1=evil") == std::string::npos);
    auto msg = format_cef(ev);
    CHECK(keys_of(msg) == Keys{"rt", "dvchost", "act", "outcome", "filePath", "fname", "fileHash", "dproc", "dpid",
                               "spid", "suid", "duid", "cs1Label", "cs1", "cs2Label", "cs2", "cs3Label", "cs3",
                               "cs4Label", "cs4", "cs5Label", "cs5", "cs6Label", "cs6", "cn1Label", "cn1",
                               "flexString1Label", "flexString1", "audispImaPreviousImage", "flexString2Label",
                               "flexString2"});
    // LF and CR survive as escapes; other controls (0x1D, NUL, tab) and invalid UTF-8 become U+FFFD.
    const std::string path = "/tmp/q\"b\\s|p=e\nn\rc" + R + "z" + R + "x" + R;
    CHECK(value(msg, "filePath") == path);
    CHECK(value(msg, "dproc") == path);
    CHECK(value(msg, "fname") == "q\"b\\s|p=e\nn\rc" + R + "z" + R + "x" + R);
    CHECK(value(msg, "cs1") == "sha256");
    CHECK(value(msg, "cs2") == "x cs1=evil two\nlines " + R + R + " " + R + R + R + " trunc" + R + " nul" + R + "byte");
    CHECK(value(msg, "cs3") == "/home/" + R);
    CHECK(value(msg, "audispImaPreviousImage") == "/bin/ba\\sh");
    CHECK(value(msg, "cs5") == "a b=c");
    CHECK(value(msg, "cs6") == "pts" + R + "1");
    CHECK(value(msg, "flexString1") == "u:r:t=s0\\x ");  // trailing space kept
    CHECK(value(msg, "flexString2Label") == "invalidUtf8Fields");
    CHECK(value(msg, "flexString2") == "filePath,fname,dproc,cs2,cs3,cs6");

    SECTION("clean text sets no flexString2") {
        CHECK(format_cef(sudo_execution()).find("flexString2") == nullptr);
    }
}

TEST_CASE("CEF: a script run carries the script in its own keys", "[cef]") {
    // From script_execution(): filePath/fileHash/dproc stay the interpreter's (the process image),
    // the script follows the execution keys, each key once.
    const std::string expected =
        "CEF:0|audisp-ima|audisp-ima|" + kVersion + "|ima-exec|Process executed|3|"
        "rt=1795714820010 dvchost=vm-e2e act=execute outcome=success filePath=/usr/bin/dash fname=dash fileHash=" +
        kDashDigest +
        " dproc=/usr/bin/dash dpid=450 spid=401 suid=0 duid=0"
        " cs1Label=hashAlgorithm cs1=sha256 cs2Label=commandLine cs2=/bin/sh /opt/tools/backup.sh --full"
        " cs3Label=workingDirectory cs3=/root cs4Label=hashSource cs4=measured cs5Label=auditKey cs5=exec"
        " cn1Label=auditSerial cn1=180 flexString1Label=subj flexString1=unconfined"
        " audispImaScriptPath=/opt/tools/backup.sh audispImaScriptHash=" +
        kScriptDigest +
        " audispImaScriptHashAlgorithm=sha256 audispImaScriptHashSource=measured"
        " audispImaScriptDevice=fe:00 audispImaScriptInode=262147 audispImaPreviousImage=/usr/bin/bash";
    CHECK(format_line(script_execution()) == expected);

    ExecEvent ev = script_execution();
    SECTION("no hash, no identity: path and source only") {
        ev.script->hash.reset();
        ev.script->hash_source = HashSource::none;
        ev.script->id.reset();
        auto msg = format_cef(ev);
        CHECK(value(msg, "audispImaScriptPath") == "/opt/tools/backup.sh");
        CHECK(value(msg, "audispImaScriptHashSource") == "none");
        for (const char* key : {"audispImaScriptHash", "audispImaScriptHashAlgorithm", "audispImaScriptDevice",
                                "audispImaScriptInode"})
            CHECK(msg.find(key) == nullptr);
    }
    SECTION("a cached script hash") {
        ev.script->hash_source = HashSource::cached;
        CHECK(value(format_cef(ev), "audispImaScriptHashSource") == "cached");
    }
    SECTION("no script: none of its keys") {
        for (const auto& key : keys_of(format_cef(sudo_execution()))) CHECK(key.rfind("audispImaScript", 0) != 0);
    }
}

TEST_CASE("CEF: a script path with invalid UTF-8, a newline and quotes adds no key", "[cef]") {
    ExecEvent ev = script_execution();
    ev.script->path = std::string("/tmp/d\xff\"ir/x\ny\" cs1=evil=\\|\r\x1d.sh");
    std::string line = format_line(ev);
    CHECK(line.find_first_of("\r\n") == std::string::npos);
    CHECK(line.find(" cs1=evil") == std::string::npos);
    auto msg = format_cef(ev);  // strict: a repeated or stray key would throw
    Keys expected_keys = keys_of(format_cef(script_execution()));
    expected_keys.insert(expected_keys.end(), {"flexString2Label", "flexString2"});
    CHECK(keys_of(msg) == expected_keys);
    // LF and CR come back from their escapes; 0x1D and the invalid byte are U+FFFD.
    CHECK(value(msg, "audispImaScriptPath") == "/tmp/d" + R + "\"ir/x\ny\" cs1=evil=\\|\r" + R + ".sh");
    CHECK(value(msg, "cs1") == "sha256");
    CHECK(value(msg, "flexString2") == "audispImaScriptPath");
}

TEST_CASE("CEF: INTEGRITY_PCR violation, whole line", "[cef]") {
    const std::string expected =
        "CEF:0|audisp-ima|audisp-ima|" + kVersion + "|ima-pcr|IMA PCR violation|5|"
        "rt=1670857707178 dvchost=collector act=invalid_pcr outcome=success dpid=1438 dproc=grep suid=0"
        " filePath=/var/log/audit/audit.log fname=audit.log cs1Label=cause cs1=open_writers"
        " cs2Label=device cs2=vda2 cn1Label=auditSerial cn1=126 cn2Label=auid cn2=0 cn3Label=inode cn3=8182"
        " cs3Label=recordType cs3=INTEGRITY_PCR cs4Label=fields cs4=pid\\=1438 uid\\=0 auid\\=0 ses\\=3"
        " op\\=invalid_pcr cause\\=open_writers comm\\=grep name\\=/var/log/audit/audit.log dev\\=vda2"
        " ino\\=8182 res\\=1 errno\\=0";
    CHECK(format_line(pcr_violation(), "collector") == expected);

    auto msg = format_cef(pcr_violation());
    CHECK(value(msg, "cs4") ==
          "pid=1438 uid=0 auid=0 ses=3 op=invalid_pcr cause=open_writers comm=grep "
          "name=/var/log/audit/audit.log dev=vda2 ino=8182 res=1 errno=0");
}

TEST_CASE("CEF: appraisal failure and policy records", "[cef]") {
    SECTION("INTEGRITY_DATA res=0, auid unset") {
        auto msg = format_cef(appraisal_failure());
        CHECK(msg.signature_id == "ima-data");
        CHECK(msg.severity == 7);
        CHECK(keys_of(msg) == Keys{"rt", "act", "outcome", "dpid", "dproc", "suid", "filePath", "fname", "cs1Label",
                                   "cs1", "cs2Label", "cs2", "cn1Label", "cn1", "cn3Label", "cn3", "cs3Label", "cs3",
                                   "cs4Label", "cs4"});
        CHECK(value(msg, "act") == "appraise_data");
        CHECK(value(msg, "outcome") == "failure");
        CHECK(value(msg, "fname") == "xzmore");
        CHECK(value(msg, "cs1") == "invalid-signature");
        CHECK(value(msg, "cs2") == "mmcblk0p4");
        CHECK(value(msg, "cn3") == "1137");
    }
    SECTION("INTEGRITY_POLICY_RULE: only what the record has") {
        auto msg = format_cef(policy_rule());
        CHECK(msg.signature_id == "ima-policy-rule");
        CHECK(msg.name == "IMA policy rule");
        CHECK(msg.severity == 3);
        CHECK(keys_of(msg) == Keys{"rt", "act", "outcome", "cn1Label", "cn1", "cs3Label", "cs3", "cs4Label", "cs4"});
        CHECK(value(msg, "act") == "policy-rule");
        CHECK(value(msg, "cs4") == "action=dont_measure fsmagic=0x9fa0 res=1");
    }
    SECTION("INTEGRITY_STATUS failed policy update") {
        auto msg = format_cef(policy_update_failed());
        CHECK(msg.signature_id == "ima-status");
        CHECK(msg.severity == 5);
        CHECK(value(msg, "act") == "policy_update");
        CHECK(value(msg, "dproc") == "ima_policy.sh");
    }
    SECTION("old kernel's INTEGRITY_RULE policy record") {
        auto msg = format_cef(old_kernel_policy_rule());
        CHECK(msg.signature_id == "ima-rule");
        CHECK(msg.name == "IMA policy rule");
        CHECK(value(msg, "act") == "rule");
    }
}

TEST_CASE("CEF: signature, name and severity per integrity record type", "[cef]") {
    struct Row {
        int type;
        const char* type_name;
        std::optional<int64_t> res;
        const char* signature;
        const char* name;
        int severity;
    };
    const Row rows[] = {
        {1800, "INTEGRITY_DATA", 0, "ima-data", "IMA file data integrity", 7},
        {1800, "INTEGRITY_DATA", 1, "ima-data", "IMA file data integrity", 3},
        {1800, "INTEGRITY_DATA", std::nullopt, "ima-data", "IMA file data integrity", 3},
        {1801, "INTEGRITY_METADATA", 0, "ima-metadata", "EVM file metadata integrity", 7},
        {1801, "INTEGRITY_METADATA", 1, "ima-metadata", "EVM file metadata integrity", 3},
        {1802, "INTEGRITY_STATUS", 0, "ima-status", "IMA integrity status", 5},
        {1802, "INTEGRITY_STATUS", 1, "ima-status", "IMA integrity status", 3},
        {1803, "INTEGRITY_HASH", 0, "ima-hash", "IMA file hash", 7},
        {1803, "INTEGRITY_HASH", 1, "ima-hash", "IMA file hash", 3},
        {1804, "INTEGRITY_PCR", 1, "ima-pcr", "IMA PCR violation", 5},
        {1804, "INTEGRITY_PCR", 0, "ima-pcr", "IMA PCR violation", 5},
        {1805, "INTEGRITY_RULE", 0, "ima-rule", "IMA policy rule", 5},
        {1805, "INTEGRITY_RULE", 1, "ima-rule", "IMA policy rule", 3},
        {1806, "INTEGRITY_EVM_XATTR", 0, "ima-evm-xattr", "EVM protected xattr change", 7},
        {1806, "INTEGRITY_EVM_XATTR", 1, "ima-evm-xattr", "EVM protected xattr change", 3},
        {1807, "INTEGRITY_POLICY_RULE", 0, "ima-policy-rule", "IMA policy rule", 5},
        {1807, "INTEGRITY_POLICY_RULE", 1, "ima-policy-rule", "IMA policy rule", 3},
        {1807, "", 1, "ima-policy-rule", "IMA policy rule", 3},  // name derived from the number
    };
    for (const auto& row : rows) {
        INFO(row.type << " res=" << (row.res ? std::to_string(*row.res) : "none"));
        auto ev = integrity_event({"", 1, 0, 2}, row.type, row.type_name, {});
        ev.res = row.res;
        auto msg = format_cef(ev);
        CHECK(msg.signature_id == row.signature);
        CHECK(msg.name == row.name);
        CHECK(msg.severity == row.severity);
        CHECK(value(msg, "outcome") == (row.res == 1 ? "success" : row.res == 0 ? "failure" : "unknown"));
    }
}

TEST_CASE("CEF: header text is escaped", "[cef]") {
    // Type names come from the input; an odd one must not break the header.
    auto ev = integrity_event({"", 1, 0, 2}, 1899, "INTEGRITY_X|Y\\Z\n", {{"a", "b"}});
    std::string line = format_line(ev);
    CHECK(line.find("|ima-x\\|y\\\\z" + R + "|IMA integrity event|3|") != std::string::npos);
    auto msg = format_cef(ev);
    CHECK(msg.signature_id == "ima-x|y\\z" + R);
    CHECK(value(msg, "cs3") == "INTEGRITY_X|Y\\Z\n");
    CHECK(value(msg, "act") == "x|y\\z\n");
}

TEST_CASE("CEF: hostile integrity values", "[cef]") {
    auto ev = pcr_violation();
    ev.comm = "gr\xffp\n";
    ev.name = "/tmp/x y=1 cs1=\\\r\xED\xA0\x80";
    ev.fields[6].value = *ev.comm;
    ev.fields[7].value = *ev.name;
    auto msg = format_cef(ev);
    CHECK(value(msg, "dproc") == "gr" + R + "p\n");
    CHECK(value(msg, "filePath") == "/tmp/x y=1 cs1=\\\r" + R + R + R);
    CHECK(value(msg, "fname") == "x y=1 cs1=\\\r" + R + R + R);
    CHECK(value(msg, "cs1") == "open_writers");
    CHECK(value(msg, "cs4").find("comm=gr" + R + "p\n name=/tmp/x y=1 cs1=\\\r" + R + R + R + " dev=vda2") !=
          std::string::npos);
    CHECK(value(msg, "flexString2") == "dproc,filePath,fname,cs4");
}

TEST_CASE("every sample event is one line in both formats", "[cef][json]") {
    const std::vector<Event> events{sudo_execution(),       sudo_execution_cached(), failed_execution(),
                                    script_execution(),
                                    mount_measurement(),    pcr_violation(),         appraisal_failure(),
                                    policy_update_failed(), policy_rule(),           old_kernel_policy_rule()};
    for (const char* format : {"json", "cef"}) {
        auto formatter = make_formatter(format, FormatterOptions{"host"});
        for (const auto& event : events) {
            std::string line = formatter->format(event);
            INFO(line);
            CHECK(line.find_first_of("\r\n") == std::string::npos);
            if (std::string(format) == "cef") CHECK_NOTHROW(parse_cef(line));
        }
    }
}

TEST_CASE("random bytes in every text field: valid JSON, strict CEF, no extra keys", "[cef][json]") {
    std::mt19937 rng(20261126);  // fixed seed: reproducible
    // Biased towards the bytes that matter: escapes, separators, controls, UTF-8 lead bytes.
    const std::string interesting = std::string("\\=|\" \n\r\t\x1d\x7f\xc0\xe2\xed\xf0\xf4\xff\x80\xbf", 18) + '\0';
    auto random_text = [&]() {
        std::string text;
        for (size_t n = rng() % 24; n > 0; --n) {
            text.push_back(rng() % 2 ? interesting[rng() % interesting.size()] : static_cast<char>(rng() % 256));
            if (rng() % 8 == 0) text += " cs1=";
        }
        return text;
    };
    auto json_formatter = make_formatter("json", {});
    auto cef_formatter = make_formatter("cef", {});
    const Keys exec_keys = keys_of(format_cef(script_execution()));
    const Keys integrity_keys = keys_of(format_cef(pcr_violation()));
    const Keys measurement_keys = keys_of(format_cef(mount_measurement()));
    int cef_lines = 0;
    for (int i = 0; i < 300; ++i) {
        ExecEvent ev = script_execution();
        ev.script->path = random_text();
        ev.executable = random_text();
        ev.args = {random_text(), random_text()};
        ev.cwd = random_text();
        ev.previous_executable = random_text();
        ev.syscall->key = random_text();
        ev.task.subj = random_text();
        IntegrityEvent integrity = pcr_violation();
        integrity.comm = random_text();
        integrity.name = random_text();
        integrity.fields[6].value = *integrity.comm;
        integrity.fields[7].value = *integrity.name;
        FileMeasurementEvent measured = mount_measurement();
        measured.measurement.file = random_text();
        measured.measurement.task.exe = random_text();
        measured.measurement.task.comm = random_text();
        measured.measurement.task.tty = random_text();
        measured.measurement.task.subj = random_text();
        for (const Event& event : {Event{ev}, Event{integrity}, Event{measured}}) {
            std::string j = json_formatter->format(event);
            std::string c = cef_formatter->format(event);
            INFO(j << "\n" << c);
            REQUIRE(j.find_first_of("\r\n") == std::string::npos);
            REQUIRE(c.find_first_of("\r\n") == std::string::npos);
            REQUIRE_NOTHROW(nlohmann::json::parse(j));
            CHECK(duplicate_key(j) == std::nullopt);
            CefMessage msg;
            REQUIRE_NOTHROW(msg = parse_cef(c));
            // Only keys the clean event has (plus the replacement report): no value adds one.
            const Keys& allowed = std::holds_alternative<ExecEvent>(event)             ? exec_keys
                                  : std::holds_alternative<FileMeasurementEvent>(event) ? measurement_keys
                                                                                        : integrity_keys;
            Keys unexpected;
            for (const auto& key : keys_of(msg)) {
                if (key != "flexString2Label" && key != "flexString2" &&
                    std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                    unexpected.push_back(key);
            }
            CHECK(unexpected.empty());
            ++cef_lines;
        }
    }
    CHECK(cef_lines == 900);
}

TEST_CASE("CEF: the parent is spid/sproc, with its command line and entity ids in audispIma keys", "[cef][process]") {
    ExecEvent ev = sudo_execution();  // pid 433 under bash 401, IMA's pre-exec image /usr/bin/bash
    ev.lineage.entity_id = "e-433";
    ParentProcess& parent = ev.lineage.parent.emplace();
    parent.pid = 401;
    parent.entity_id = "e-401";
    parent.origin = ProcessOrigin::seeded;
    parent.executable = "/usr/sbin/sshd";
    parent.args = {"sshd:", "alice@pts/0"};
    auto msg = format_cef(ev);
    CHECK(value(msg, "spid") == "401");
    CHECK(value(msg, "sproc") == "/usr/sbin/sshd");
    CHECK(value(msg, "audispImaEntityId") == "e-433");
    CHECK(value(msg, "audispImaParentEntityId") == "e-401");
    CHECK(value(msg, "audispImaParentCommandLine") == "sshd: alice@pts/0");
    CHECK(value(msg, "audispImaParentSource") == "seeded");
    CHECK(value(msg, "audispImaPreviousImage") == "/usr/bin/bash");

    // An in-place exec without an IMA record: the image it replaced, from the table.
    ev.previous_executable.reset();
    ev.lineage.replaced_executable = "/usr/bin/dash";
    CHECK(value(format_cef(ev), "audispImaPreviousImage") == "/usr/bin/dash");
}

// CEF's own lengths ("Implementing ArcSight CEF", key table): deviceCustomString1-6 hold 4,000
// characters, filePath and dproc 1,023. Longer values are cut here, visibly, not by a receiver.
namespace {

size_t characters(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

TEST_CASE("cef: a command line over cs2's 4,000 characters loses arguments from its middle, head and tail kept", "[cef]") {
    ExecEvent ev = sudo_execution();
    ev.args = {"/opt/sudo"};
    for (int i = 1; i <= 2000; ++i) ev.args.push_back("arg-" + std::to_string(i) + "-ä");  // 9 to 12 bytes
    ev.argc = ev.args.size();
    CefMessage msg = format_cef(ev);
    std::string cs2 = value(msg, "cs2");
    CHECK(characters(cs2) <= 4000);
    CHECK(cs2.size() > 3000);  // as much as fits, not a token head
    CHECK(cs2.rfind("/opt/sudo arg-1-ä arg-2-ä ", 0) == 0);
    CHECK(cs2.size() >= std::string(" arg-2000-ä").size());
    CHECK(cs2.substr(cs2.size() - std::string(" arg-2000-ä").size()) == " arg-2000-ä");
    auto marker = cs2.find(" arguments dropped] ");
    REQUIRE(marker != std::string::npos);
    // What stayed and what was dropped add up to all 2,001: count the arguments around the marker.
    size_t open = cs2.rfind("...[", marker);
    REQUIRE(open != std::string::npos);
    size_t dropped = std::stoul(cs2.substr(open + 4, marker - open - 4));
    size_t words = static_cast<size_t>(std::count(cs2.begin(), cs2.end(), ' ')) + 1;
    size_t marker_words = 3;  // "...[N", "arguments", "dropped]"
    CHECK(words - marker_words + dropped == 2001);
    CHECK(value(msg, "cs2Label") == "commandLine");
}

TEST_CASE("cef: an executable path over filePath's 1,023 characters is cut, marked, in filePath and dproc", "[cef]") {
    ExecEvent ev = sudo_execution();
    std::string dir = "/" + std::string(99, 'd');
    std::string path;
    while (path.size() < 1400) path += dir;
    path += "/tool";
    ev.executable = path;
    ev.args = {path};
    CefMessage msg = format_cef(ev);
    std::string marker = "...[truncated from " + std::to_string(path.size()) + " bytes]";
    for (const char* key : {"filePath", "dproc"}) {
        INFO(key);
        std::string v = value(msg, key);
        CHECK(characters(v) <= 1023);
        CHECK(characters(v) >= 1023 - 4);  // cut at the limit, less at most a character's bytes
        REQUIRE(v.size() > marker.size());
        CHECK(v.substr(v.size() - marker.size()) == marker);
        CHECK(path.rfind(v.substr(0, v.size() - marker.size()), 0) == 0);
    }
    CHECK(value(msg, "fname") == "tool");
    // The command line is a cs* value: 4,000 characters hold this path whole.
    CHECK(value(msg, "cs2") == path);
}

TEST_CASE("cef: an integrity record's fields over cs4's 4,000 characters lose fields from the middle", "[cef]") {
    IntegrityEvent ev;
    ev.key = {"", 1670857707, 178, 126};
    ev.record_type = 1804;
    for (int i = 0; i < 800; ++i) ev.fields.push_back({"f" + std::to_string(i), "value-" + std::to_string(i)});
    CefMessage msg = format_cef(ev, "collector");
    std::string cs4 = value(msg, "cs4");
    CHECK(characters(cs4) <= 4000);
    CHECK(cs4.size() > 3000);
    CHECK(cs4.rfind("f0=value-0 f1=value-1 ", 0) == 0);
    CHECK(cs4.substr(cs4.size() - std::string(" f799=value-799").size()) == " f799=value-799");
    CHECK(cs4.find(" fields dropped] ") != std::string::npos);
}

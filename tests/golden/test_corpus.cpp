// Golden tests over real audit logs from public projects (tests/data/corpus, see its PROVENANCE.md).
#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>

#include <fstream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "formatters/formatter.h"
#include "enrich/hash_resolver.h"
#include "parser/event_assembler.h"
#include "parser/event_source.h"
#include "tests/support/corpus_files.h"
#include "tests/support/cef_parser.h"
#include "tests/support/json_keys.h"
#include "tests/support/leef_parser.h"
#include "tests/support/sysmon_xml.h"

using namespace audisp_ima;
using audisp_ima::test::corpus_logs;
using audisp_ima::test::read_corpus_file;

namespace {

const std::string& kCorpus = test::kCorpusDir;


// The longest value the CEF standard ("Implementing ArcSight CEF", key table) allows the
// dictionary keys audisp-ima prints, in characters.
std::optional<size_t> cef_standard_length(const std::string& key) {
    static const std::map<std::string, size_t> lengths = {
        {"act", 63}, {"outcome", 63}, {"dvchost", 100}, {"externalId", 40}, {"deviceExternalId", 255},
        {"fileHash", 255}, {"filePath", 1023}, {"fname", 1023}, {"dproc", 1023}, {"sproc", 1023},
        {"suser", 1023}, {"duser", 1023}, {"suid", 1023}, {"duid", 1023}, {"flexString1", 1023},
        {"flexString2", 1023}, {"flexString1Label", 128}, {"flexString2Label", 128}, {"cs1", 4000},
        {"cs2", 4000}, {"cs3", 4000}, {"cs4", 4000}, {"cs5", 4000}, {"cs6", 4000}, {"cs1Label", 1023},
        {"cs2Label", 1023}, {"cs3Label", 1023}, {"cs4Label", 1023}, {"cs5Label", 1023}, {"cs6Label", 1023},
        {"cn1Label", 1023}, {"cn2Label", 1023}, {"cn3Label", 1023}};
    auto it = lengths.find(key);
    if (it == lengths.end()) return std::nullopt;
    return it->second;
}

size_t utf8_characters(const std::string& text) {
    size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// The keys of `line` whose values are over their standard length, "key (N characters)" each.
std::vector<std::string> cef_overlong(const std::string& line) {
    std::vector<std::string> out;
    for (const auto& [key, value] : test::parse_cef(line).extensions) {
        auto limit = cef_standard_length(key);
        if (limit && utf8_characters(value) > *limit) out.push_back(key + " (" + std::to_string(utf8_characters(value)) + " characters)");
    }
    return out;
}

// What every JSON message must hold: ECS's required @timestamp and ecs.version, the event.kind,
// category, type and dataset ECS's categorization fields give every event, and a dataset of the
// four kinds docs/fields.md lists. Empty when it holds them all; else what is missing.
std::string json_missing(const std::string& line) {
    auto m = nlohmann::json::parse(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    need(m.contains("@timestamp") && m["@timestamp"].is_string() && m["@timestamp"].get<std::string>().size() == 24,
         "@timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ)");
    need(m.contains("ecs") && m["ecs"].contains("version") && m["ecs"]["version"].is_string(), "ecs.version");
    const auto& e = m.contains("event") ? m["event"] : nlohmann::json();
    need(e.contains("kind") && e["kind"].is_string(), "event.kind");
    need(e.contains("category") && e["category"].is_array() && !e["category"].empty(), "event.category");
    need(e.contains("type") && e["type"].is_array() && !e["type"].empty(), "event.type");
    static const std::set<std::string> datasets = {"audisp_ima.exec", "audisp_ima.measurement", "audisp_ima.integrity",
                                                   "audisp_ima.process_end"};
    need(e.contains("dataset") && e["dataset"].is_string() && datasets.contains(e["dataset"].get<std::string>()),
         "event.dataset of the four kinds");
    return missing;
}

// The CEF header's seven fields (all mandatory in CEF; parse_cef checks the severity), a
// signature id of ours, and the rt and act every message carries.
std::string cef_missing(const std::string& line) {
    auto msg = test::parse_cef(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    need(msg.version == "0", "CEF version 0");
    need(msg.vendor == "audisp-ima" && msg.product == "audisp-ima" && !msg.device_version.empty(), "vendor, product, version");
    need(msg.signature_id.rfind("ima-", 0) == 0 && msg.signature_id.size() > 4, "signature id ima-*");
    need(!msg.name.empty(), "name");
    need(msg.find("rt") && msg.find("rt")->find_first_not_of("0123456789") == std::string::npos, "rt in ms");
    need(msg.find("act") != nullptr, "act");
    return missing;
}

// LEEF: the strict parse, QRadar's devTime in the format devTimeFormat names, a category of the
// four kinds, sev 1-10, an event id of ours.
std::string leef_missing(const std::string& line) {
    auto msg = test::parse_leef(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    const std::string* time = msg.find("devTime");
    need(time && time->size() == 24 && (*time)[10] == 'T' && time->back() == 'Z', "devTime (yyyy-MM-ddTHH:mm:ss.SSSZ)");
    need(msg.find("devTimeFormat") && *msg.find("devTimeFormat") == "yyyy-MM-dd'T'HH:mm:ss.SSSX", "devTimeFormat");
    static const std::set<std::string> kinds = {"execution", "measurement", "integrity", "process_end"};
    need(msg.find("cat") && kinds.contains(*msg.find("cat")), "cat of the four kinds");
    const std::string* sev = msg.find("sev");
    need(sev && sev->find_first_not_of("0123456789") == std::string::npos && !sev->empty() && std::stoi(*sev) >= 1 &&
             std::stoi(*sev) <= 10,
         "sev 1-10");
    need(msg.event_id.rfind("ima-", 0) == 0, "event id ima-*");
    return missing;
}

// Sysmon XML: Sysmon for Linux's layout (microsoft/SysmonForLinux outputxml.cpp and
// test/linuxRules.cpp; its ProcessCreate and ProcessTerminate items as Sysmon for Linux writes
// them), or audisp-ima's own provider for what Sysmon has no event for.
bool all_of_class(std::string_view text, std::string_view allowed) {
    return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}
bool has_shape(std::string_view text, std::string_view shape) {  // '9' a digit, 'x' lower-case hex
    if (text.size() != shape.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i], s = shape[i];
        bool ok = s == '9' ? (c >= '0' && c <= '9') : s == 'x' ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) : c == s;
        if (!ok) return false;
    }
    return true;
}
std::string sysmon_missing(const std::string& line, uint64_t serial) {
    auto ev = test::parse_sysmon_xml(line);
    std::string missing;
    auto need = [&](bool ok, const std::string& what) { if (!ok) missing += (missing.empty() ? "" : ", ") + what; };
    static const std::vector<std::string> kCreate = {
        "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "FileVersion", "Description", "Product",
        "Company", "OriginalFileName", "CommandLine", "CurrentDirectory", "User", "LogonGuid", "LogonId",
        "TerminalSessionId", "IntegrityLevel", "Hashes", "ParentProcessGuid", "ParentProcessId", "ParentImage",
        "ParentCommandLine", "ParentUser"};
    static const std::vector<std::string> kTerminate = {"RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "User"};
    const std::string guid_shape = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
    std::vector<std::string> names = ev.names();
    auto starts_with = [&](const std::vector<std::string>& prefix) {
        return names.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), names.begin());
    };
    bool sysmon = ev.event_id == "1" || ev.event_id == "5";
    if (sysmon) {
        need(ev.provider_name == "Linux-Sysmon" && ev.provider_guid == "{ff032593-a8d3-4f13-b0d6-01fc615a0f97}" &&
                 ev.channel == "Linux-Sysmon/Operational",
             "Sysmon's provider and channel");
        need(ev.version == (ev.event_id == "1" ? "5" : "3"), "Sysmon's version of the event");
        need(starts_with(ev.event_id == "1" ? kCreate : kTerminate), "Sysmon's items in Sysmon's order");
        for (const char* name : {"ProcessGuid", "ParentProcessGuid", "LogonGuid"})
            if (const std::string* g = ev.find(name)) need(has_shape(*g, guid_shape) || *g == "-", std::string(name) + " a GUID");
        if (const std::string* h = ev.find("Hashes"))
            need(*h == "-" || (h->find('=') != std::string::npos && all_of_class(h->substr(0, h->find('=')), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") &&
                               all_of_class(h->substr(h->find('=') + 1), "0123456789abcdef")),
                 "Hashes ALGORITHM=hex or -");
        const std::string* session = ev.find("TerminalSessionId");
        need(!session || all_of_class(*session, "0123456789"), "TerminalSessionId a number");
    } else {
        need(ev.provider_name == "audisp-ima" && ev.channel == "audisp-ima/Operational", "audisp-ima's provider and channel");
        need(ev.event_id == "4101" || ev.event_id == "4102" || ev.event_id == "4103", "an event id of audisp-ima's");
        if (ev.event_id == "4101") need(starts_with(kCreate), "a failed execution with ProcessCreate's items");
    }
    need(ev.task == ev.event_id && ev.opcode == "0" && ev.keywords == "0x8000000000000000", "Task, Opcode, Keywords");
    need(ev.level == "2" || ev.level == "3" || ev.level == "4", "Level 2-4");
    need(ev.record_id == std::to_string(serial), "EventRecordID the audit serial");
    need(has_shape(ev.system_time, "9999-99-99T99:99:99.999999999Z"), "SystemTime with nine digits");
    const std::string* utc = ev.find("UtcTime");
    need(utc && has_shape(*utc, "9999-99-99 99:99:99.999") && utc->substr(0, 10) == ev.system_time.substr(0, 10) &&
             utc->substr(11) == ev.system_time.substr(11, 12),
         "UtcTime, the same time as SystemTime");
    need(names.size() >= 2 && names[0] == "RuleName" && names[1] == "UtcTime", "RuleName and UtcTime first");
    return missing;
}

struct RunResult {
    std::vector<Event> events;
    SourceCounters source;
    AssemblerCounters assembler;
};

// The production chain minus I/O: libauparse source -> assembler -> hash stage (a saved log: no
// local system).
RunResult run(const std::string& text, size_t chunk = 4096) {
    RunResult result;
    EventAssembler assembler;
    HashResolver hashes(HashResolverOptions{});
    auto source = make_auparse_source(
        [&](AuditEvent&& e) {
            size_t first = result.events.size();
            assembler.assemble(e, result.events);
            for (size_t i = first; i < result.events.size(); ++i)
                if (auto* exec = std::get_if<ExecEvent>(&result.events[i])) hashes.enrich(*exec);
        },
        nullptr);
    for (size_t pos = 0; pos < text.size(); pos += chunk) source->feed(std::string_view(text).substr(pos, chunk));
    source->flush();
    result.source = source->counters();
    result.assembler = assembler.counters();
    return result;
}


size_t count_lines(const std::string& text) {
    size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && text.back() != '\n') ++lines;
    return lines;
}

}  // namespace

TEST_CASE("pasted-ima.log: every measurement gives a file event with its path, algorithm and digest", "[golden]") {
    auto result = run(read_corpus_file(kCorpus + "/pasted-ima.log"));
    std::ifstream expected(std::string(AUDISP_IMA_SOURCE_DIR) + "/tests/golden/pasted-ima.expected");
    REQUIRE(expected);
    std::string line;
    size_t checked = 0;
    while (std::getline(expected, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string corpus_line, stamp, path, algorithm, digest;
        std::getline(fields, corpus_line, '\t');
        std::getline(fields, stamp, '\t');
        std::getline(fields, path, '\t');
        std::getline(fields, algorithm, '\t');
        std::getline(fields, digest, '\t');
        uint64_t serial = std::stoull(stamp.substr(stamp.find(':') + 1));
        INFO("corpus line " << corpus_line << ": " << path);
        int matches = 0;
        for (const auto& event : result.events) {
            // None of these records has an exec SYSCALL in its event: each is a file event.
            CHECK_FALSE(std::holds_alternative<ExecEvent>(event));
            const auto* measured = std::get_if<FileMeasurementEvent>(&event);
            if (!measured || measured->key.serial != serial || measured->measurement.file != path) continue;
            ++matches;
            REQUIRE(measured->measurement.hash);
            CHECK(measured->measurement.hash->algorithm == algorithm);
            CHECK(measured->measurement.hash->digest == digest);
        }
        CHECK(matches == 1);
        ++checked;
    }
    CHECK(checked == 16);
    CHECK(result.assembler.standalone_measurements == 16);
    // 88 records: 16 measurements, 2 old-kernel policy-rule INTEGRITY_RULEs and 70 other
    // INTEGRITY_* records, each reported once.
    CHECK(result.source.records == 88);
    CHECK(result.assembler.integrity == 72);
    CHECK(result.source.malformed == 0);
}

TEST_CASE("laurel record-execve.txt: a plain execution without IMA", "[golden]") {
    auto result = run(read_corpus_file(kCorpus + "/laurel/record-execve.txt"), 50);
    REQUIRE(result.events.size() == 1);
    const auto& exec = std::get<ExecEvent>(result.events[0]);
    CHECK(exec.key.node == "work");
    CHECK(exec.key.serial == 15558u);
    CHECK(exec.executable == "/usr/bin/whoami");
    CHECK(exec.args == std::vector<std::string>{"whoami"});
    CHECK(exec.cwd == "/home/user/tmp");
    CHECK(exec.task.pid == 10884);
    CHECK(exec.task.ppid == 10883);
    CHECK(exec.task.auid == 1000u);
    CHECK(exec.task.uid == 0u);
    CHECK(exec.task.tty == "pts1");
    CHECK_FALSE(exec.syscall->key);  // key=(null)
    CHECK_FALSE(exec.hash);
    CHECK(exec.hash_source == HashSource::none);
}

TEST_CASE("laurel record-execve-long.txt: one argument of 8192 bytes in three chunks", "[golden]") {
    auto result = run(read_corpus_file(kCorpus + "/laurel/record-execve-long.txt"), 1000);
    REQUIRE(result.events.size() == 1);
    const auto& exec = std::get<ExecEvent>(result.events[0]);
    REQUIRE(exec.args.size() == 2);
    CHECK(exec.args[0] == "/bin/echo");
    // a1_len=16384 hex characters: 8192 bytes, starting "baaa" (62 61 61 61)
    CHECK(exec.args[1].size() == 8192);
    CHECK(exec.args[1].substr(0, 4) == "baaa");
    CHECK_FALSE(exec.args_incomplete);
    // The kernel reports exe= after resolving the /bin -> /usr/bin symlink; PATH keeps the name as typed.
    CHECK(exec.executable == "/usr/bin/echo");
    REQUIRE_FALSE(exec.paths.empty());
    CHECK(exec.paths[0].name == "/bin/echo");
}

TEST_CASE("every corpus log: no crash, every record accounted for, every line valid JSON, CEF, LEEF and Sysmon XML with their required fields, CEF within its lengths", "[golden]") {
    auto files = corpus_logs();
    REQUIRE(files.size() >= 40);
    auto json = make_formatter("json", FormatterOptions{"testhost"});
    auto cef = make_formatter("cef", FormatterOptions{"testhost"});
    auto leef = make_formatter("leef", FormatterOptions{"testhost"});
    auto sysmon = make_formatter("sysmon", FormatterOptions{"testhost"});
    size_t messages = 0;
    for (const auto& file : files) {
        INFO(file);
        std::string text = read_corpus_file(file);
        for (size_t chunk : {size_t{1} << 16, size_t{97}}) {
            auto result = run(text, chunk);
            CHECK(result.source.records + result.source.malformed + result.source.blank == count_lines(text));
            CHECK(result.source.delivered == result.source.records);  // libauparse lost nothing
            for (const auto& event : result.events) {
                if (std::holds_alternative<ForkEvent>(event)) {  // feeds the process table, never a message
                    CHECK_THROWS_AS(json->format(event), std::logic_error);
                    CHECK_THROWS_AS(cef->format(event), std::logic_error);
                    CHECK_THROWS_AS(leef->format(event), std::logic_error);
                    CHECK_THROWS_AS(sysmon->format(event), std::logic_error);
                    continue;
                }
                std::string j = json->format(event);
                std::string c = cef->format(event);
                CHECK(j.find('\n') == std::string::npos);
                CHECK(c.find('\n') == std::string::npos);
                CHECK_NOTHROW(nlohmann::json::parse(j));
                CHECK(test::duplicate_key(j) == std::nullopt);
                CHECK(json_missing(j) == "");
                CHECK_NOTHROW(test::parse_cef(c));
                CHECK(cef_missing(c) == "");
                CHECK(cef_overlong(c).empty());
                std::string l = leef->format(event);
                CHECK(l.find('\n') == std::string::npos);
                CHECK_NOTHROW(test::parse_leef(l));
                CHECK(leef_missing(l) == "");
                std::string x = sysmon->format(event);
                INFO(x);
                CHECK_NOTHROW(test::parse_sysmon_xml(x));
                CHECK(sysmon_missing(x, std::visit([](const auto& e) { return e.key.serial; }, event)) == "");
                ++messages;
            }
        }
    }
    CHECK(messages > 100);
}

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
#include "tests/support/format_checks.h"

using namespace audisp_ima;
using audisp_ima::test::corpus_logs;
using audisp_ima::test::read_corpus_file;
using namespace audisp_ima::test;

namespace {

const std::string& kCorpus = test::kCorpusDir;


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

TEST_CASE("every corpus log: no crash, every record accounted for, every line valid JSON, CEF, LEEF, OCSF and Sysmon XML with their required fields, CEF within its lengths", "[golden]") {
    auto files = corpus_logs();
    REQUIRE(files.size() >= 40);
    auto json = make_formatter("json", FormatterOptions{"testhost"});
    auto cef = make_formatter("cef", FormatterOptions{"testhost"});
    auto leef = make_formatter("leef", FormatterOptions{"testhost"});
    auto sysmon = make_formatter("sysmon", FormatterOptions{"testhost"});
    auto ocsf = make_formatter("ocsf", FormatterOptions{"testhost"});
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
                    CHECK_THROWS_AS(ocsf->format(event), std::logic_error);
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
                std::string o = ocsf->format(event);
                INFO(o);
                CHECK(message_problems("ocsf", o) == "");
                ++messages;
            }
        }
    }
    CHECK(messages > 100);
}

// auditd's ENRICHED text (the names after 0x1D) decoded by the assembler: real corpus records,
// both event sources alike, and malformed text, which is ignored.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "parser/enriched_names.h"
#include "parser/event_assembler.h"
#include "tests/support/corpus_files.h"
#include "tests/support/source_diff.h"
#include "tests/support/user_names_text.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

// The executions of `text` as one source groups them, through the assembler.
std::vector<ExecEvent> executions(bool native, const std::string& text) {
    SourceRun run = run_source(native, text, {text.size()});
    EventAssembler assembler;
    std::vector<ExecEvent> out;
    for (const auto& event : run.events) {
        std::vector<Event> events;
        assembler.assemble(event, events);
        for (auto& e : events)
            if (auto* exec = std::get_if<ExecEvent>(&e)) out.push_back(std::move(*exec));
    }
    return out;
}

// The oracle for the corpus: the names read off each exec SYSCALL line's text after 0x1D with a
// regular expression (not the decoder's word splitting), keyed by the record's serial; auditd's
// words for no name ("unset", "unknown(N)") are none.
std::map<uint64_t, UserNames> names_in_text(const std::string& text) {
    std::map<uint64_t, UserNames> out;
    static const std::regex serial_re(R"(type=SYSCALL msg=audit\(\d+\.\d+:(\d+)\):.* syscall=(59|322|execve|execveat) )");
    static const std::regex name_re(R"((?:^| )(AUID|UID|EUID|SUID|FSUID|GID|EGID|SGID|FSGID)="([^" ]+)\")");
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        at = end + 1;
        std::smatch m;
        size_t sep = line.find('\x1d');
        if (sep == std::string::npos || !std::regex_search(line.cbegin(), line.cbegin() + sep, m, serial_re)) continue;
        UserNames names;
        std::string rest = line.substr(sep + 1);
        for (auto it = std::sregex_iterator(rest.begin(), rest.end(), name_re); it != std::sregex_iterator(); ++it) {
            std::string key = (*it)[1], value = (*it)[2];
            if (value == "unset" || value.starts_with("unknown(")) continue;
            std::optional<std::string>* slot = key == "AUID"  ? &names.auid
                                               : key == "UID"  ? &names.uid
                                               : key == "EUID" ? &names.euid
                                               : key == "SUID" ? &names.suid
                                               : key == "FSUID" ? &names.fsuid
                                               : key == "GID"  ? &names.gid
                                               : key == "EGID" ? &names.egid
                                               : key == "SGID" ? &names.sgid
                                                               : &names.fsgid;
            if (!*slot) *slot = value;
            names.source = NameSource::enriched;
        }
        out[std::stoull(m[1])] = names;
    }
    return out;
}

}  // namespace

TEST_CASE("ENRICHED: names of a real execution record", "[identity][enriched]") {
    // laurel/record-perl-reverse-shell.txt: auid=1000 uid=0 gid=0 ... then
    // ARCH=x86_64 SYSCALL=execve AUID="user" UID="root" GID="root" EUID="root" SUID="root" ...
    auto names = decode_enriched_names(R"(ARCH=x86_64 SYSCALL=execve AUID="user" UID="root" GID="root" EUID="root" )"
                                       R"(SUID="root" FSUID="root" EGID="root" SGID="root" FSGID="root")",
                                       ids(1000, 0, 0));
    CHECK(names_text(names) == "user root root root root root root root root enriched");
}

TEST_CASE("ENRICHED: what is no name", "[identity][enriched]") {
    SECTION("auditd's unknown(N) and unset") {
        // laurel/record-avc-apparmor.txt: auid=4294967295 ... AUID="unset"
        auto names = decode_enriched_names(R"x(AUID="unset" UID="unknown(1234)" GID="root")x", ids(kUnsetId, 1234, 0));
        CHECK(names_text(names) == "- - - - - root - - - enriched");
    }
    SECTION("pasted-ima.log's mangled quote, and other malformed words") {
        // UID="root" AUID=“root" (a typographic opening quote): the AUID is ignored.
        auto names = decode_enriched_names("UID=\"root\" AUID=\xe2\x80\x9croot\"", ids(0, 0, 0));
        CHECK(names_text(names) == "- root - - - - - - - enriched");
        for (std::string text : std::vector<std::string>{"UID=root", "UID=\"root", "UID=root\"", "UID=\"\"", "UID=\"", "UID=", "=\"root\"",
                                 "UID=\"ro\"ot\"", "UID =\"root\"", "\"UID\"=\"root\"", "", " ", "  UID", "\x1d",
                                 std::string("UID=\"r\0t\"", 9), "UID=\"r\tt\"", "uid=\"root\""}) {
            INFO(text);
            auto bad = decode_enriched_names(text, ids(0, 0, 0));
            CHECK(names_text(bad) == "- - - - - - - - - none");
        }
    }
    SECTION("a name without its id in the record, and a repeated key") {
        TaskInfo task = ids(0, 0, 0);
        task.euid.reset();
        auto names = decode_enriched_names(R"(EUID="root" UID="first" UID="second"  GID="g")", task);
        CHECK(names_text(names) == "- first - - - g - - - enriched");
    }
}

TEST_CASE("ENRICHED: every corpus execution, both sources, names as the text says", "[identity][enriched]") {
    size_t files_with_names = 0, executions_checked = 0;
    for (const auto& file : corpus_logs()) {
        std::string text = read_corpus_file(file);
        if (text.find('\x1d') == std::string::npos) continue;
        INFO(file);
        auto truth = names_in_text(text);
        auto native = executions(true, text);
        auto auparse = executions(false, text);
        REQUIRE(native.size() == auparse.size());
        bool any = false;
        for (size_t i = 0; i < native.size(); ++i) {
            // Both sources give the executions in their own order: match by serial.
            const ExecEvent& n = native[i];
            auto same = std::find_if(auparse.begin(), auparse.end(), [&](const ExecEvent& a) { return a.key == n.key; });
            REQUIRE(same != auparse.end());
            CHECK(names_text(n.names) == names_text(same->names));
            auto it = truth.find(n.key.serial);
            UserNames expected = it == truth.end() ? UserNames{} : it->second;
            CHECK(names_text(n.names) == names_text(expected));
            any = any || n.names.source == NameSource::enriched;
            ++executions_checked;
        }
        files_with_names += any;
    }
    CHECK(files_with_names >= 15);  // laurel's records and its process tree
    CHECK(executions_checked >= 20);
}

TEST_CASE("ENRICHED: the record's text after 0x1D, the same from both sources", "[identity][enriched]") {
    std::string text = read_corpus_file(kCorpusDir + "/pasted-ima.log");
    std::string line;
    for (size_t at = 0, end; at < text.size(); at = end + 1) {
        end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        if (text.substr(at, end - at).find('\x1d') != std::string::npos) line = text.substr(at, end - at);
    }
    REQUIRE_FALSE(line.empty());
    std::string after = line.substr(line.find('\x1d') + 1);
    for (bool native : {true, false}) {
        INFO((native ? "native" : "libauparse"));
        SourceRun run = run_source(native, line + "\n", {line.size() + 1});
        REQUIRE(run.events.size() == 1);
        REQUIRE(run.events[0].records.size() == 1);
        const AuditRecord& record = run.events[0].records[0];
        CHECK(record.enrichment == after);
        CHECK(record.find("res"));  // the field before 0x1D is still a field
        CHECK(*record.find("res") == "0");
        EventAssembler assembler;
        std::vector<Event> out;
        assembler.assemble(run.events[0], out);  // an integrity event: no names, no crash
        CHECK(out.size() == 1);
    }
    SECTION("a record without 0x1D has none") {
        SourceRun run = run_source(true, "type=SYSCALL msg=audit(1.000:1): a=1\n", {64});
        REQUIRE(run.events.size() == 1);
        CHECK(run.events[0].records[0].enrichment.empty());
    }
}

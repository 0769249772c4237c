// The host stage and what it reads (os-release as os-release(5) writes it, the machine id, which
// events are this host's own), and the event id stage that builds on it. The os-release texts are those the distributions ship
// (Debian 12's /etc/os-release, Ubuntu 22.04's, Rocky Linux 9's), cut to the keys read here.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "enrich/event_id_stage.h"
#include "enrich/host_facts.h"
#include "enrich/host_stage.h"
#include "formatters/cef_formatter.h"
#include "formatters/json_formatter.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using audisp_ima::test::sudo_execution;

namespace {

HostFacts facts_from(const std::string& os_release) {
    HostFacts facts;
    read_os_release(os_release, facts);
    return facts;
}

HostFacts test_host() {
    HostFacts facts = facts_from("NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
    facts.name = "vm1.example.org";
    facts.id = "3d1219c7c4c5404aaa1f6d2a48adfda4";
    facts.os_type = "linux";
    facts.kernel = "6.1.0-27-amd64";
    return facts;
}

}  // namespace

TEST_CASE("host facts: os-release of Debian, Ubuntu and Rocky give name, version, platform and family", "[host]") {
    struct Case {
        const char* os_release;
        const char *name, *version, *platform, *family;
    };
    const Case cases[] = {
        {"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
         "VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n",
         "Debian GNU/Linux", "12", "debian", "debian"},
        {"PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n",
         "Ubuntu", "22.04", "ubuntu", "debian"},
        {"NAME=\"Rocky Linux\"\nVERSION=\"9.3 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
         "VERSION_ID=\"9.3\"\n",
         "Rocky Linux", "9.3", "rocky", "redhat"},
    };
    for (const Case& c : cases) {
        HostFacts facts = facts_from(c.os_release);
        INFO(c.os_release);
        CHECK(facts.os_name == c.name);
        CHECK(facts.os_version == c.version);
        CHECK(facts.os_platform == c.platform);
        CHECK(facts.os_family == c.family);
    }

    // A distribution this table does not know: its first ID_LIKE, else its ID.
    CHECK(facts_from("ID=foo\nID_LIKE=\"bar baz\"\n").os_family == "bar");
    CHECK(facts_from("ID=foo\n").os_family == "foo");
    CHECK(facts_from("").os_family.empty());
}

TEST_CASE("host facts: os-release quoting, escapes, comments and bad lines", "[host]") {
    HostFacts facts = facts_from("# a comment\n  NAME='Single \"Quoted\"'  \r\nVERSION_ID=\"1 \\\"two\\\" \\\\ \\$x\"\n"
                                 "ID=\"unterminated\nbroken line\n=novalue\n");
    CHECK(facts.os_name == "Single \"Quoted\"");
    CHECK(facts.os_version == "1 \"two\" \\ $x");
    CHECK(facts.os_platform.empty());  // the unterminated quote gives no value
    CHECK(facts_from("NAME=\"closed\" trailing\n").os_name.empty());
    CHECK(facts_from("NAME=bare value\n").os_name == "bare value");
}

TEST_CASE("host facts: only a real machine id is one", "[host]") {
    CHECK(machine_id_from("3d1219c7c4c5404aaa1f6d2a48adfda4\n") == "3d1219c7c4c5404aaa1f6d2a48adfda4");
    CHECK(machine_id_from("3d1219c7c4c5404aaa1f6d2a48adfda4") == "3d1219c7c4c5404aaa1f6d2a48adfda4");
    CHECK(machine_id_from("uninitialized\n").empty());  // systemd's placeholder early in boot
    CHECK(machine_id_from("3D1219C7C4C5404AAA1F6D2A48ADFDA4\n").empty());
    CHECK(machine_id_from("3d1219c7c4c5404aaa1f6d2a48adfda").empty());
    CHECK(machine_id_from("").empty());
}

TEST_CASE("host stage: this host's events get its facts, another node's keep only their node name", "[host]") {
    HostStage stage(test_host(), {"vm1.example.org", "vm1"});
    Event own = sudo_execution();
    std::get<ExecEvent>(own).key.node = "";
    Event named = sudo_execution();
    std::get<ExecEvent>(named).key.node = "vm1";
    Event remote = sudo_execution();
    std::get<ExecEvent>(remote).key.node = "web01";
    for (Event* event : {&own, &named, &remote}) stage.process(*event);

    CHECK(std::get<ExecEvent>(own).context.host != nullptr);
    CHECK(std::get<ExecEvent>(named).context.host != nullptr);
    CHECK(std::get<ExecEvent>(remote).context.host == nullptr);
    std::vector<Counter> counters;
    stage.append_counters(counters);
    REQUIRE(counters.size() == 1);
    CHECK(counters[0] == Counter{"host_marked", 2});

    auto json = nlohmann::json::parse(JsonFormatter(FormatterOptions{"vm1"}).format(own));
    CHECK(json["host"]["hostname"] == "vm1");
    CHECK(json["host"]["name"] == "vm1.example.org");
    CHECK(json["host"]["id"] == "3d1219c7c4c5404aaa1f6d2a48adfda4");
    CHECK(json["host"]["os"] == nlohmann::json{{"type", "linux"},
                                               {"family", "debian"},
                                               {"name", "Debian GNU/Linux"},
                                               {"version", "12"},
                                               {"platform", "debian"},
                                               {"kernel", "6.1.0-27-amd64"}});
    auto other = nlohmann::json::parse(JsonFormatter(FormatterOptions{"vm1"}).format(remote));
    CHECK(other["host"] == nlohmann::json{{"hostname", "web01"}});

    std::string cef = CefFormatter(FormatterOptions{"vm1"}).format(own);
    CHECK(cef.find(" deviceExternalId=3d1219c7c4c5404aaa1f6d2a48adfda4") != std::string::npos);
    CHECK(CefFormatter(FormatterOptions{"vm1"}).format(remote).find("deviceExternalId") == std::string::npos);
}

TEST_CASE("event id stage: origin, audit timestamp and serial, a count for later messages of one event", "[host][event_id]") {
    // FNV-1a 64-bit test vectors from its specification: "" and "a".
    CHECK(EventIdStage::origin_of_name("") == "cbf29ce484222325");
    CHECK(EventIdStage::origin_of_name("a") == "af63dc4c8601ec8c");
    CHECK(EventIdStage::origin_of_name(std::string(60000, 'n')).size() == 16);

    HostStage host(test_host(), {"vm1"});
    EventIdStage ids("vm1.example.org");
    auto id_of = [&](Event event) {
        host.process(event);
        ids.process(event);
        return std::visit([](const auto& kind) { return kind.context.id; }, event);
    };
    ExecEvent own = sudo_execution();
    own.key = EventKey{"", 1795714810, 5, 171};
    CHECK(id_of(own) == "3d1219c7c4c5404aaa1f6d2a48adfda4-1795714810005-171");
    // The same audit event's next message (an INTEGRITY_PCR beside the execution), then a new event.
    IntegrityEvent pcr;
    pcr.key = own.key;
    CHECK(id_of(pcr) == "3d1219c7c4c5404aaa1f6d2a48adfda4-1795714810005-171-1");
    ExecEvent remote = sudo_execution();
    remote.key = EventKey{"a", 1795714812, 4, 185};
    CHECK(id_of(remote) == "af63dc4c8601ec8c-1795714812004-185");
    // A saved log without node names, read without the host stage: the plugin's host name.
    EventIdStage offline("vm1.example.org");
    Event plain = sudo_execution();
    std::get<ExecEvent>(plain).key = EventKey{"", 1795714812, 4, 185};
    offline.process(plain);
    CHECK(std::get<ExecEvent>(plain).context.id ==
          EventIdStage::origin_of_name("vm1.example.org") + "-1795714812004-185");

    auto json = nlohmann::json::parse(JsonFormatter(FormatterOptions{"vm1"}).format(plain));
    CHECK(json["event"]["id"] == std::get<ExecEvent>(plain).context.id);
    CHECK(CefFormatter(FormatterOptions{"vm1"}).format(plain).find(" externalId=" + std::get<ExecEvent>(plain).context.id) !=
          std::string::npos);
}

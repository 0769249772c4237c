#include <catch2/catch.hpp>

#include "parser/exec_event.h"
#include "tests/support/record_line.h"

using namespace audisp_ima;
using audisp_ima::test::record_from_line;

TEST_CASE("INTEGRITY_PCR violation record", "[parser][integrity]") {
    // pasted-ima.log line 1
    auto record = record_from_line(
        "type=INTEGRITY_PCR msg=audit(1670857707.178:126): pid=1438 uid=0 auid=0 ses=3 op=invalid_pcr "
        "cause=open_writers comm=\"grep\" name=\"/var/log/audit/audit.log\" dev=\"vda2\" ino=8182 res=1 errno=0");
    auto ev = decode_integrity(EventKey{"", 1670857707, 178, 126}, record);
    CHECK(ev.record_type == 1804);
    CHECK(ev.type_name == "INTEGRITY_PCR");
    CHECK(ev.pid == 1438);
    CHECK(ev.uid == 0u);
    CHECK(ev.auid == 0u);
    CHECK(ev.ses == 3u);
    CHECK(ev.op == "invalid_pcr");
    CHECK(ev.cause == "open_writers");
    CHECK(ev.comm == "grep");
    CHECK(ev.name == "/var/log/audit/audit.log");
    CHECK(ev.dev == "vda2");
    CHECK(ev.ino == 8182u);
    CHECK(ev.res == 1);
    CHECK(ev.error_code == 0);
    REQUIRE(ev.fields.size() == 12);
    CHECK(ev.fields[0].name == "pid");
    CHECK(ev.fields[0].value == "1438");  // a number stays a number even though "1438" is valid hex
    CHECK(*ev.field("ino") == "8182");
}

TEST_CASE("INTEGRITY_POLICY_RULE and old-kernel quoted forms", "[parser][integrity]") {
    auto rule = decode_integrity(EventKey{}, record_from_line(
        "type=INTEGRITY_POLICY_RULE msg=audit(1670857735.263:154): action=measure func=FILE_MMAP mask=MAY_EXEC res=1"));
    CHECK(*rule.field("action") == "measure");
    CHECK(*rule.field("func") == "FILE_MMAP");
    CHECK(rule.res == 1);
    CHECK_FALSE(rule.op);

    auto old = decode_integrity(EventKey{}, record_from_line(
        "type=INTEGRITY_RULE msg=audit(1585509232.084:289): action=\"audit\" func=\"BPRM_CHECK\" mask=\"MAY_EXEC\" res=1"));
    CHECK(old.record_type == 1805);
    CHECK(*old.field("action") == "audit");

    auto hex_name = decode_integrity(EventKey{}, record_from_line(
        "type=INTEGRITY_DATA msg=audit(1.000:1): pid=5 uid=0 auid=0 ses=1 op=appraise_data cause=invalid-hash "
        "comm=\"x\" name=2F746D702F612062 dev=\"sda1\" ino=123 res=0 errno=0"));
    CHECK(hex_name.name == "/tmp/a b");
    CHECK(hex_name.res == 0);
}

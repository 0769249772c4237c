#include <catch2/catch.hpp>

#include "parser/execve_args.h"
#include "tests/support/record_line.h"

using namespace audisp_ima;
using audisp_ima::test::record_from_line;

TEST_CASE("EXECVE: quoted and hex-encoded arguments", "[parser][execve]") {
    ExecveArgs args;
    // a1 = `say "hi"|x=1` hex-encoded (quote forces hex); a2 = newline + 0x1D + invalid byte
    args.add(record_from_line(
        "type=EXECVE msg=audit(1.000:1): argc=3 a0=\"/bin/echo\" a1=73617920226869227C783D31 a2=0A1DFF"));
    REQUIRE(args.args().size() == 3);
    CHECK(args.argc() == 3u);
    CHECK(args.args()[0] == "/bin/echo");
    CHECK(args.args()[1] == "say \"hi\"|x=1");
    CHECK(args.args()[2] == std::string("\n\x1d\xff"));
    CHECK_FALSE(args.incomplete());
}

TEST_CASE("EXECVE: a long argv split over several records", "[parser][execve]") {
    ExecveArgs args;
    args.add(record_from_line("type=EXECVE msg=audit(1.000:2): argc=5 a0=\"ls\" a1=\"-l\" a2=\"a\""));
    CHECK(args.incomplete());  // two still to come
    args.add(record_from_line("type=EXECVE msg=audit(1.000:2): a3=\"b\" a4=\"c\""));
    CHECK(args.args() == std::vector<std::string>{"ls", "-l", "a", "b", "c"});
    CHECK_FALSE(args.incomplete());
}

TEST_CASE("EXECVE: one huge argument in chunks", "[parser][execve]") {
    // 12 bytes as 24 hex characters in two chunks; a1_len counts printed characters
    ExecveArgs args;
    args.add(record_from_line("type=EXECVE msg=audit(1.000:3): argc=2 a0=\"x\" a1_len=24 a1[0]=414141414141"));
    CHECK(args.incomplete());  // 12 of 24 characters so far
    args.add(record_from_line("type=EXECVE msg=audit(1.000:3): a1[1]=424242424242"));
    CHECK_FALSE(args.incomplete());
    CHECK(args.args()[1] == "AAAAAABBBBBB");
    args.add(record_from_line("type=EXECVE msg=audit(1.000:3): a1[2]=43"));
    CHECK(args.incomplete());  // more than announced: something is off, say so
    ExecveArgs exact;
    exact.add(record_from_line("type=EXECVE msg=audit(1.000:3): argc=2 a0=\"x\" a1_len=12 a1[0]=414141 a1[1]=424242"));
    CHECK_FALSE(exact.incomplete());
    CHECK(exact.args()[1] == "AAABBB");
    ExecveArgs quoted;
    quoted.add(record_from_line("type=EXECVE msg=audit(1.000:3): argc=2 a0=\"x\" a1_len=6 a1[0]=\"abc\" a1[1]=\"def\""));
    CHECK(quoted.args()[1] == "abcdef");
    CHECK_FALSE(quoted.incomplete());
}

TEST_CASE("EXECVE: missing middle argument and absurd argc", "[parser][execve]") {
    ExecveArgs gap;
    gap.add(record_from_line("type=EXECVE msg=audit(1.000:4): argc=3 a0=\"a\" a2=\"c\""));
    CHECK(gap.incomplete());
    CHECK(gap.args() == std::vector<std::string>{"a", "", "c"});

    ExecveArgs huge;
    huge.add(record_from_line("type=EXECVE msg=audit(1.000:5): argc=1 a0=\"a\" a99999999999=\"x\""));
    CHECK(huge.args().size() == 1);  // the absurd index is ignored, not allocated
}

TEST_CASE("PROCTITLE: NUL-separated argv in hex, or quoted", "[parser][execve]") {
    // examples/sample-audit.log, serial 171 (a real Debian 12 record): 2F6F70742F7375646F002D75 = "/opt/sudo\0-u"
    auto title = decode_proctitle(record_from_line(
        "type=PROCTITLE msg=audit(1795714810.720:171): proctitle=2F6F70742F7375646F002D75"));
    CHECK(title == std::vector<std::string>{"/opt/sudo", "-u"});
    CHECK(decode_proctitle(record_from_line("type=PROCTITLE msg=audit(1.000:1): proctitle=\"whoami\"")) ==
          std::vector<std::string>{"whoami"});
    CHECK(decode_proctitle(record_from_line("type=PROCTITLE msg=audit(1.000:1): proctitle=6100")) ==
          std::vector<std::string>{"a"});
}

TEST_CASE("EXECVE: an index past argc or skipping ahead sizes nothing and marks the list incomplete", "[parser][execve]") {
    // One forged field would otherwise make a million-slot argv (and a megabyte message).
    ExecveArgs forged;
    forged.add(record_from_line("type=EXECVE msg=audit(1.000:9): argc=1 a0=\"x\" a1048575=\"y\""));
    CHECK(forged.args() == std::vector<std::string>{"x"});
    CHECK(forged.incomplete());

    ExecveArgs no_argc;  // a record without argc= (the first record was lost)
    no_argc.add(record_from_line("type=EXECVE msg=audit(1.000:10): a1048575=\"y\""));
    CHECK(no_argc.args().empty());
    CHECK(no_argc.incomplete());

    ExecveArgs far;  // within a huge argc, but further ahead than one lost record can hold
    far.add(record_from_line("type=EXECVE msg=audit(1.000:11): argc=1000000 a0=\"ls\" a999999=\"z\""));
    CHECK(far.args() == std::vector<std::string>{"ls"});
    CHECK(far.incomplete());

    ExecveArgs chunked;  // a chunked argument repeats its index: not out of order
    chunked.add(record_from_line("type=EXECVE msg=audit(1.000:12): argc=2 a0=\"cat\" a1_len=4 a1[0]=\"ab\""));
    chunked.add(record_from_line("type=EXECVE msg=audit(1.000:12): a1[1]=\"cd\""));
    CHECK(chunked.args() == std::vector<std::string>{"cat", "abcd"});
    CHECK_FALSE(chunked.incomplete());
}

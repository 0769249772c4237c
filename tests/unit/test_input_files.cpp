// Saved logs read by hand: several files in order as one stream, .gz told from its first bytes,
// and every file that cannot be read to its end said and counted while the others still are.
// Expected bytes are the files' own contents (and, for .gz, what was compressed).
#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "plugin/input_files.h"
#include "tests/support/temp_dir.h"

using namespace audisp_ima;
using audisp_ima::test::TempDir;

namespace {

struct Drained {
    std::string bytes;
    std::vector<std::string> reports;
    uint64_t failures = 0;
    std::optional<uint64_t> total;
    uint64_t done = 0;
};

// Reads everything, in reads of `chunk` bytes, as the input loop does.
Drained drain(const std::vector<std::string>& paths, size_t chunk = 4096) {
    Drained out;
    InputFiles files(paths, [&](const std::string& report) { out.reports.push_back(report); });
    out.total = files.total_bytes();
    std::vector<char> buffer(chunk);
    for (;;) {
        ssize_t n = files.read(buffer.data(), buffer.size());
        REQUIRE(n >= 0);
        if (n == 0) break;
        out.bytes.append(buffer.data(), static_cast<size_t>(n));
    }
    out.failures = files.failures();
    out.done = files.done_bytes();
    return out;
}

std::string gzip_file(const TempDir& dir, const std::string& name, const std::string& text) {
    std::string path = dir.file(name);
    gzFile out = gzopen(path.c_str(), "wb");
    REQUIRE(out);
    REQUIRE(gzwrite(out, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
    REQUIRE(gzclose(out) == Z_OK);
    return path;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Distinct lines, so that a prefix of them cannot be mistaken for another cut.
std::string records(int first, int count) {
    std::string text;
    for (int i = first; i < first + count; ++i)
        text += "type=EOE msg=audit(1700000000.000:" + std::to_string(i) + "): \n";
    return text;
}

}  // namespace

TEST_CASE("input files: plain files are read in the order given, as one stream", "[input]") {
    TempDir dir;
    std::string a = records(1, 300), b = records(301, 5);
    auto r = drain({dir.write("audit.log.1", a), dir.write("audit.log", b)}, 1000);
    CHECK(r.bytes == a + b);
    CHECK(r.reports.empty());
    CHECK(r.failures == 0);
    REQUIRE(r.total);
    CHECK(*r.total == a.size() + b.size());
    CHECK(r.done == *r.total);
}

TEST_CASE("input files: a .gz file is decompressed, whatever its name; several members are one file", "[input]") {
    TempDir dir;
    std::string a = records(1, 2000), b = records(2001, 10);
    std::string gz = gzip_file(dir, "audit.log.2.gz", a);
    CHECK(drain({gz}).bytes == a);
    // Named as if plain: the first bytes decide, not the name.
    std::string misnamed = dir.write("audit.log.2", contents(gz));
    CHECK(drain({misnamed}).bytes == a);
    // gzip -c a >x; gzip -c b >>x: one file of two members.
    std::string two = dir.write("two.gz", contents(gz) + contents(gzip_file(dir, "b.gz", b)));
    auto r = drain({two, dir.write("plain", b)});
    CHECK(r.bytes == a + b + b);
    CHECK(r.failures == 0);
    REQUIRE(r.total);
    CHECK(*r.total == contents(two).size() + b.size());  // as stored: compressed
    CHECK(r.done == *r.total);
}

TEST_CASE("input files: a file whose last line has no newline gets one, so the next file's first record stays whole", "[input]") {
    TempDir dir;
    std::string cut = "type=EOE msg=audit(1700000000.000:1): \ntype=SYSCALL msg=audit(1700000000.0";
    std::string next = records(2, 2);
    CHECK(drain({dir.write("cut", cut), dir.write("next", next)}).bytes == cut + "\n" + next);
    // A file that ends with its newline, or an empty one, adds nothing.
    CHECK(drain({dir.write("whole", next), dir.write("empty", ""), dir.write("again", next)}).bytes == next + next);
    CHECK(drain({dir.write("cut.gz", contents(gzip_file(dir, "c.gz", cut))), dir.write("n", next)}).bytes ==
          cut + "\n" + next);
}

TEST_CASE("input files: a file that cannot be opened is said and counted, the others are read", "[input]") {
    TempDir dir;
    std::string a = records(1, 3);
    auto r = drain({dir.file("missing.log"), dir.write("a", a), dir.path()});
    CHECK(r.bytes == a);
    CHECK(r.failures == 2);
    REQUIRE(r.reports.size() == 2);
    CHECK(r.reports[0] == "cannot open " + dir.file("missing.log") + ": No such file or directory");
    CHECK(r.reports[1] == "cannot read " + dir.path() + ": is a directory");
}

TEST_CASE("input files: a truncated .gz keeps what came before the cut, says so, and the next file is read", "[input]") {
    TempDir dir;
    std::string a = records(1, 20000), b = records(20001, 3);
    std::string whole = contents(gzip_file(dir, "a.gz", a));
    std::string half = dir.write("audit.log.1.gz", whole.substr(0, whole.size() / 2));
    auto r = drain({half, dir.write("audit.log", b)});
    CHECK(r.failures == 1);
    REQUIRE(r.reports.size() == 1);
    INFO(r.reports[0]);
    CHECK(r.reports[0].rfind("cannot read " + half + " to its end: unexpected end of file", 0) == 0);
    // Some of the file, a prefix of it (then the newline that ends its cut line), then b whole.
    REQUIRE(r.bytes.size() > b.size() + 1);
    std::string kept = r.bytes.substr(0, r.bytes.size() - b.size());
    CHECK(r.bytes.substr(kept.size()) == b);
    CHECK(kept.size() > a.size() / 4);
    CHECK(kept.size() < a.size());
    CHECK(a.compare(0, kept.size() - 1, kept, 0, kept.size() - 1) == 0);
    CHECK(kept.back() == '\n');
}

TEST_CASE("input files: a .gz whose check value is wrong is refused at its end, counted", "[input]") {
    TempDir dir;
    std::string a = records(1, 50);
    std::string gz = contents(gzip_file(dir, "a.gz", a));
    gz[gz.size() - 8] ^= 0x01;  // the trailer's CRC-32 (RFC 1952: CRC32, then ISIZE)
    auto r = drain({dir.write("bad.gz", gz)});
    CHECK(r.failures == 1);
    REQUIRE(r.reports.size() == 1);
    INFO(r.reports[0]);
    CHECK(r.reports[0].rfind("cannot read " + dir.file("bad.gz") + " to its end: incorrect data check", 0) == 0);
}

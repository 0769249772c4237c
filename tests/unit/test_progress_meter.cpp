// The --input progress line: what it says (sizes in binary units, records grouped by thousands,
// the rate and time left from the average so far) and when it draws (not in the first second,
// then at most four times a second, a final line only if one was drawn).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plugin/progress_meter.h"

using namespace audisp_ima;
using namespace std::chrono_literals;

TEST_CASE("progress: done, total, share, records, rate and time left", "[progress]") {
    // 1.5 GiB of 3 GiB in 10 s: 153.6 MiB/s, the other 1.5 GiB in another 10 s.
    CHECK(progress_text(3ull << 29, 4'500'000, 10.0, 3ull << 30) ==
          "1.5 GiB of 3.0 GiB (50%), 4,500,000 records, 153.6 MiB/s, 10 s left");
    // 1 MiB of 1,000 MiB in 1 s: 999 s left.
    CHECK(progress_text(1 << 20, 999, 1.0, 1000ull << 20) ==
          "1.0 MiB of 1000.0 MiB (0%), 999 records, 1.0 MiB/s, 16 min 39 s left");
    CHECK(progress_text(512, 0, 0.0, 1024) == "512 B of 1.0 KiB (50%), 0 records");
    // Past the total (zlib reads ahead of what it hands out): 100%, no time left.
    CHECK(progress_text(2048, 7, 2.0, 1024) == "2.0 KiB of 1.0 KiB (100%), 7 records, 1.0 KiB/s");
    // A pipe: no total, so no share and no time left.
    CHECK(progress_text(10u << 20, 1'234'567, 2.0, std::nullopt) == "10.0 MiB, 1,234,567 records, 5.0 MiB/s");
    // Hours.
    CHECK(progress_text(1 << 20, 1, 1.0, (1ull << 20) * 7201) ==
          "1.0 MiB of 7.0 GiB (0%), 1 records, 1.0 MiB/s, 2 h 0 min left");
}

TEST_CASE("progress: nothing in the first second, then at most every 250 ms, one final line", "[progress]") {
    std::vector<std::string> written;
    auto t0 = ProgressMeter::Clock::time_point{} + 100s;
    ProgressMeter meter(1000, t0, [&](const std::string& text) { written.push_back(text); });
    meter.update(t0 + 500ms, 10, 1);
    CHECK(written.empty());
    meter.update(t0 + 1000ms, 100, 10);
    REQUIRE(written.size() == 1);
    CHECK(written[0] == "\raudisp-ima: 100 B of 1000 B (10%), 10 records, 100 B/s, 9 s left\033[K");
    meter.update(t0 + 1200ms, 120, 12);
    CHECK(written.size() == 1);
    meter.update(t0 + 1250ms, 125, 12);
    CHECK(written.size() == 2);
    meter.finish(t0 + 2000ms, 1000, 100);
    REQUIRE(written.size() == 3);
    CHECK(written[2] == "\raudisp-ima: 1000 B of 1000 B (100%), 100 records, 500 B/s\033[K\n");

    // A diagnostic in between: the line is erased, and drawn again at the next update.
    written.clear();
    ProgressMeter interrupted(1000, t0, [&](const std::string& text) { written.push_back(text); });
    interrupted.clear();
    CHECK(written.empty());  // nothing drawn, nothing to erase
    interrupted.update(t0 + 1000ms, 100, 10);
    interrupted.clear();
    REQUIRE(written.size() == 2);
    CHECK(written[1] == "\r\033[K");
    interrupted.clear();
    CHECK(written.size() == 2);
    interrupted.update(t0 + 1010ms, 101, 10);  // within 250 ms of the last draw, drawn all the same
    REQUIRE(written.size() == 3);
    CHECK(written[2].rfind("\raudisp-ima: 101 B of 1000 B", 0) == 0);

    // A conversion shorter than a second prints nothing at all.
    std::vector<std::string> quiet;
    ProgressMeter short_run(1000, t0, [&](const std::string& text) { quiet.push_back(text); });
    short_run.update(t0 + 900ms, 1000, 100);
    short_run.finish(t0 + 950ms, 1000, 100);
    CHECK(quiet.empty());
}

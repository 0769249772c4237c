// How much a formatter shortens what it prints. The formatters apply it where they print, to every
// value that comes from the event (an argument, a path, a key, a node name, an integrity field's
// name or value), so message_fitter can search for the least shortening that fits a size limit
// without a list of fields of its own that could drift from what the formatters print.
//   - A value longer than max_value keeps its first max_value bytes (whole UTF-8 characters) and
//     ends in "...[truncated from N bytes]", N its original length.
//   - A list longer than max_items (arguments, integrity fields, measurements) keeps its head and
//     its tail; one marker says how many were dropped: "...[5990 arguments dropped]".
// The event's identity is printed whole whatever the shortening: the executable of an execution
// and a hash whose digest is one a kernel algorithm can have (is_plausible_hash). Numbers (pid,
// ppid, ids, serial, time) cannot grow and are never cut.
#pragma once

#include <cstddef>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ima_record.h"

namespace audisp_ima {

struct Shortening {
    static constexpr size_t kWhole = std::numeric_limits<size_t>::max();
    size_t max_value = kWhole;
    size_t max_items = kWhole;
};

// `value` as printed under `shortening`; `scratch` holds the cut copy when there is one. A value is
// only cut when that makes it shorter, marker included.
std::string_view shorten(std::string_view value, const Shortening& shortening, std::string& scratch);

// `value` within `limit` bytes, marker included ("...[truncated from N bytes]", N its length),
// cut at a UTF-8 character boundary: a format's own length for a key (CEF's cs1-cs6 hold 4,000
// characters), which applies whatever the fitter's shortening, identity included.
std::string_view cut_to(std::string_view value, size_t limit, std::string& scratch);

// Which elements of a list of `count` are printed: [0, head) and [count - tail, count), the
// `dropped` between them replaced by one marker.
struct KeptItems {
    size_t head = 0;
    size_t tail = 0;
    size_t dropped = 0;
};
KeptItems kept_items(size_t count, const Shortening& shortening);

// "...[5990 arguments dropped]" ("...[1 argument dropped]"), for `noun` "argument".
std::string dropped_marker(size_t dropped, std::string_view noun);

// A list of strings as printed: each element shortened, the middle replaced by dropped_marker.
// The views point into the list given or into this object, which must outlive them.
class PrintedList {
public:
    PrintedList(const std::vector<std::string>& items, const Shortening& shortening, std::string_view noun);
    const std::vector<std::string_view>& items() const { return items_; }

private:
    std::deque<std::string> owned_;  // cut copies and the marker; a deque keeps them in place
    std::vector<std::string_view> items_;
};


}  // namespace audisp_ima

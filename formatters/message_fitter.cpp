#include "formatters/message_fitter.h"

#include <algorithm>

namespace audisp_ima {
namespace {

// Values are never cut below this: the head of a path or a key still says what it was.
constexpr size_t kShortestValue = 64;
// Values longer than this are outliers, cut before any argument is dropped; below it, dropping
// arguments (or fields, or measurements) keeps more of what is left than cutting all of them.
constexpr size_t kOutlierValue = 256;
// A list keeps at least its first and its last element.
constexpr size_t kFewestItems = 2;

class Search {
public:
    Search(const ShortenedText& print, size_t max_bytes) : print_(print), max_bytes_(max_bytes) {}

    // Formats under `shortening`; remembers the text when it fits.
    bool fits(const Shortening& shortening) {
        std::string text = print_(shortening);
        ++formats_;
        if (text.size() > max_bytes_) {
            last_unfit_ = std::move(text);
            return false;
        }
        best_ = std::move(text);
        return true;
    }

    // The largest value of `knob` in [from, max_bytes] that fits, given that `from` did (and
    // best_ holds its text). Galloping up from `from` keeps every message tried within about twice
    // the limit, then halving finds the edge: O(log max_bytes) formats, however big the event.
    // No list or value can be longer than the whole message, so max_bytes bounds both knobs.
    size_t largest(Shortening shortening, size_t Shortening::*knob, size_t from) {
        size_t good = from, bad = max_bytes_ + 1;
        std::string good_text = best_;
        for (size_t step = std::max<size_t>(from, 1); good + step < bad; step *= 2) {
            shortening.*knob = good + step;
            if (!fits(shortening)) {
                bad = good + step;
                break;
            }
            good = shortening.*knob;
            good_text = best_;
        }
        while (bad - good > 1) {
            shortening.*knob = good + (bad - good) / 2;
            if (fits(shortening)) {
                good = shortening.*knob;
                good_text = best_;
            } else {
                bad = shortening.*knob;
            }
        }
        best_ = std::move(good_text);
        return good;
    }

    std::string& best() { return best_; }
    std::string& last_unfit() { return last_unfit_; }
    unsigned formats() const { return formats_; }

private:
    const ShortenedText& print_;
    size_t max_bytes_;
    std::string best_, last_unfit_;
    unsigned formats_ = 0;
};

}  // namespace

FittedMessage format_within(const Formatter& formatter, const Event& event, size_t max_bytes) {
    return fit_shortened([&](const Shortening& shortening) { return formatter.format(event, shortening); }, max_bytes);
}

FittedMessage fit_shortened(const ShortenedText& print, size_t max_bytes) {
    FittedMessage result{print(Shortening{}), false, true, 1};
    if (max_bytes == 0 || result.text.size() <= max_bytes) return result;
    result.shrunk = true;

    Search search(print, max_bytes);
    constexpr auto value = &Shortening::max_value;
    constexpr auto items = &Shortening::max_items;
    Shortening s{kOutlierValue, Shortening::kWhole};
    if (search.fits(s)) {
        // Only outliers had to go: give values back as much room as there is.
        search.largest(s, value, kOutlierValue);
    } else if (s.max_items = kFewestItems; search.fits(s)) {
        // Drop from the middle of the lists only what must go, then let values grow into what is left.
        s.max_items = search.largest(s, items, kFewestItems);
        search.largest(s, value, kOutlierValue);
    } else if (s.max_value = kShortestValue; search.fits(s)) {
        s.max_value = search.largest(s, value, kShortestValue);
        search.largest(s, items, kFewestItems);
    } else {
        result.fits = false;
        result.text = std::move(search.last_unfit());
        result.formats += search.formats();
        return result;
    }
    result.text = std::move(search.best());
    result.formats += search.formats();
    return result;
}

}  // namespace audisp_ima

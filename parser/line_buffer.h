// Cuts a byte stream into '\n'-terminated lines. A record may be split across reads and many may
// arrive in one read; a line longer than the limit is cut off and reported instead of growing
// the buffer without bound.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace audisp_ima {

class LineBuffer {
public:
    explicit LineBuffer(size_t max_line) : max_line_(max_line) {}

    // Calls on_line(std::string_view line, bool too_long) for every complete line in order.
    // The view is valid only during the call. A too-long line is reported once, truncated.
    template <typename OnLine>
    void feed(std::string_view bytes, OnLine&& on_line);

    // End of input: a last line without '\n' is still a line.
    template <typename OnLine>
    void finish(OnLine&& on_line);

    size_t buffered() const { return partial_.size(); }

private:
    size_t max_line_;
    std::string partial_;
    bool overflow_ = false;  // inside a line already reported as too long
};

template <typename OnLine>
void LineBuffer::feed(std::string_view bytes, OnLine&& on_line) {
    while (!bytes.empty()) {
        auto nl = bytes.find('\n');
        std::string_view piece = bytes.substr(0, nl);
        if (!overflow_) {
            if (partial_.size() + piece.size() > max_line_) {
                partial_.append(piece.substr(0, max_line_ - partial_.size()));
                on_line(std::string_view(partial_), true);
                partial_.clear();
                overflow_ = true;
            } else if (nl != std::string_view::npos && partial_.empty()) {
                on_line(piece, false);  // common case: no copy
            } else {
                partial_.append(piece);
                if (nl != std::string_view::npos) {
                    on_line(std::string_view(partial_), false);
                    partial_.clear();
                }
            }
        }
        if (nl == std::string_view::npos) break;
        overflow_ = false;
        bytes.remove_prefix(nl + 1);
    }
}

template <typename OnLine>
void LineBuffer::finish(OnLine&& on_line) {
    if (!partial_.empty() && !overflow_) on_line(std::string_view(partial_), false);
    partial_.clear();
    overflow_ = false;
}

}  // namespace audisp_ima

// What other threads ask of the reader thread (stop, reload, write statistics). Requests are
// queued under a lock and signalled through an eventfd, so the reader's poll() wakes at once
// and acts between two reads: no locking on the per-record path.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/settings.h"

namespace audisp_ima {

struct ReaderRequest {
    bool stop = false;
    std::optional<Settings> reload;
    std::vector<std::string> statistics;  // one report per entry, named by its trigger
};

class ReaderRequests {
public:
    ReaderRequests();  // throws std::system_error when no eventfd can be made
    ~ReaderRequests();
    ReaderRequests(const ReaderRequests&) = delete;
    ReaderRequests& operator=(const ReaderRequests&) = delete;

    int fd() const { return fd_; }  // readable while requests wait

    void stop();
    void reload(Settings settings);
    void statistics(std::string trigger);

    // Everything asked since the last call; clears the eventfd.
    ReaderRequest take();

private:
    void wake();

    int fd_;
    std::mutex mutex_;
    ReaderRequest pending_;
};

}  // namespace audisp_ima

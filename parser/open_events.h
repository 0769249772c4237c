// The events a source holds open, oldest first, so that it can bound them: libauparse keeps an
// event without EOE (every standalone IMA measurement) for eoe_timeout of stream time and rescans
// all of them per record, so a burst of them costs memory and time without limit.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "parser/audit_record.h"

namespace audisp_ima {

struct EventKeyHash {
    size_t operator()(const EventKey& key) const noexcept {
        size_t h = std::hash<uint64_t>()(key.serial);
        h ^= std::hash<uint64_t>()(key.sec * 1000 + key.msec) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        if (!key.node.empty()) h ^= std::hash<std::string>()(key.node) + (h << 6) + (h >> 2);
        return h;
    }
};

class OpenEvents {
public:
    using Clock = std::chrono::steady_clock;

    // A record of `key` was fed at `now`; true when it opened a new event.
    bool fed(const EventKey& key, Clock::time_point now) {
        auto [it, added] = open_.try_emplace(key, next_);
        if (!added) return false;
        arrivals_.push_back({key, next_++, now});
        return true;
    }
    bool contains(const EventKey& key) const { return open_.contains(key); }
    void closed(const EventKey& key) { open_.erase(key); }
    // The source completed everything it held.
    void clear() {
        open_.clear();
        arrivals_.clear();
    }
    size_t size() const { return open_.size(); }
    // When the oldest open event opened; nullopt when none is open.
    std::optional<Clock::time_point> oldest() {
        while (!arrivals_.empty()) {
            auto it = open_.find(arrivals_.front().key);
            if (it != open_.end() && it->second == arrivals_.front().sequence) return arrivals_.front().at;
            arrivals_.pop_front();  // closed since, or reopened later under the same key
        }
        return std::nullopt;
    }

private:
    struct Arrival {
        EventKey key;
        uint64_t sequence;
        Clock::time_point at;
    };
    std::unordered_map<EventKey, uint64_t, EventKeyHash> open_;  // key -> sequence of its arrival
    std::deque<Arrival> arrivals_;
    uint64_t next_ = 0;
};

}  // namespace audisp_ima

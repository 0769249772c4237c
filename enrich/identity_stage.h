// The identity stage: user and group names for the ids of an execution (ExecEvent::names) and of
// a process end (ProcessEndEvent::names). A
// name auditd already wrote (its ENRICHED text, decoded by the assembler) is kept: it is the name
// at event time. Any other id of this host's own events is looked up through a NameResolver
// (NSS) and cached; another node's ids are not (this host's databases may name them otherwise).
//
// The reader never waits on NSS beyond a bound: lookups run on a worker thread the stage owns
// (started at the first lookup, so that it has the reader's reduced privileges). On a miss the
// event waits at most `wait` for the answer, then goes without the name (names_late); while a
// lookup is outstanding past its bound, further misses do not wait at all (an NSS outage costs
// the reader one bound, not one per event), and their answers go to the cache for the events
// after them. The cache is bounded (least recently used out) and remembers failures too,
// each kind of answer for its own time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "enrich/name_resolver.h"
#include "enrich/stage.h"

namespace audisp_ima {

struct IdentityOptions {
    size_t max_entries = 4096;                 // cached ids, users and groups together
    std::chrono::milliseconds wait{2};         // the most an event waits for a lookup
    std::chrono::seconds positive_ttl{600};    // a name is asked again after this
    std::chrono::seconds negative_ttl{60};     // an id without a name is asked again after this
    size_t max_queued = 1024;                  // lookups waiting for the worker; past it, none more
    std::chrono::milliseconds shutdown_wait{100};  // for a lookup in progress, then left to finish
};

class IdentityStage final : public Stage {
public:
    using Clock = std::chrono::steady_clock;

    // `local_nodes`: the node= names of this host's own events (an event without one always is).
    // `now`: the clock of the cache's expiry (a test's own); waits use the steady clock.
    IdentityStage(std::shared_ptr<NameResolver> resolver, std::vector<std::string> local_nodes,
                  IdentityOptions options = {}, std::function<Clock::time_point()> now = Clock::now);
    ~IdentityStage() override;
    IdentityStage(const IdentityStage&) = delete;
    IdentityStage& operator=(const IdentityStage&) = delete;

    void process(Event& event) override;
    void append_counters(std::vector<Counter>& out) const override;

    // True once the worker has answered every lookup asked so far (waiting at most `limit`).
    bool wait_idle(std::chrono::milliseconds limit);

    struct Shared;  // what the stage shares with its worker thread (identity_stage.cpp)

private:
    // The names of `task`'s ids, and of the parent's user, into `names` and `lineage`.
    void fill(const EventKey& key, const TaskInfo& task, UserNames& names, Lineage& lineage);
    bool start_worker();  // false when no thread could be started

    std::shared_ptr<Shared> shared_;
    std::thread worker_;
    bool no_worker_ = false;
    std::vector<std::string> local_nodes_;
    uint64_t enriched_ = 0;  // names auditd's ENRICHED text gave
    uint64_t nss_ = 0;       // names a lookup gave within the bound
    uint64_t cached_ = 0;    // names the cache gave
    uint64_t unknown_ = 0;   // ids NSS has no name for (asked now, or remembered)
    uint64_t late_ = 0;      // ids left without a name: the lookup did not answer within the bound
};

}  // namespace audisp_ima

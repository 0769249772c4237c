#include "enrich/identity_stage.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "parser/overloaded.h"

namespace audisp_ima {
namespace {

// A user id or a group id, as one number: groups above 2^32.
using Key = uint64_t;
constexpr Key user_key(uint32_t uid) { return uid; }
constexpr Key group_key(uint32_t gid) { return (Key{1} << 32) | gid; }
constexpr bool is_group(Key key) { return key >> 32 != 0; }

}  // namespace

struct IdentityStage::Shared {
    struct Entry {
        std::optional<std::string> name;  // nullopt: NSS has none (remembered as well)
        Clock::time_point expires;
        std::list<Key>::iterator recent;  // its place in `recency`
    };

    std::shared_ptr<NameResolver> resolver;
    IdentityOptions options;
    std::function<Clock::time_point()> now;

    std::mutex mutex;
    std::condition_variable work;      // to the worker: a lookup queued, or stop
    std::condition_variable answered;  // to the reader: a lookup done, or the worker gone
    std::unordered_map<Key, Entry> cache;
    std::list<Key> recency;            // most recently used first
    std::deque<Key> queue;             // waiting for the worker
    std::unordered_set<Key> pending;   // queued or being looked up
    bool overdue = false;  // a lookup outlived its bound and the worker has not caught up since
    bool stop = false;
    bool exited = false;

    // The fresh entry for `key`, marked recently used; nullptr when absent or expired.
    const Entry* fresh(Key key, Clock::time_point at) {
        auto it = cache.find(key);
        if (it == cache.end() || it->second.expires <= at) return nullptr;
        recency.splice(recency.begin(), recency, it->second.recent);
        return &it->second;
    }

    void remember(Key key, std::optional<std::string> name) {
        auto ttl = name ? options.positive_ttl : options.negative_ttl;
        auto [it, added] = cache.try_emplace(key);
        Entry& entry = it->second;
        if (added) {
            recency.push_front(key);
            entry.recent = recency.begin();
        } else {
            recency.splice(recency.begin(), recency, entry.recent);
        }
        entry.name = std::move(name);
        entry.expires = now() + ttl;
        while (cache.size() > std::max<size_t>(options.max_entries, 1)) {
            cache.erase(recency.back());
            recency.pop_back();
        }
    }

    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            // wait_for, not wait: GCC 12's condition_variable::wait is a GLIBCXX_3.4.30 symbol
            // RHEL 9's libstdc++ lacks (packaging/build-packages.sh checks the rpm's binary).
            while (!work.wait_for(lock, std::chrono::hours(1), [this] { return stop || !queue.empty(); })) {
            }
            if (stop) break;
            Key key = queue.front();
            queue.pop_front();
            lock.unlock();
            std::optional<std::string> name;
            try {
                uint32_t id = static_cast<uint32_t>(key);
                name = is_group(key) ? resolver->group_name(id) : resolver->user_name(id);
            } catch (...) {
                name.reset();  // a resolver that fails answers "no name"; the worker goes on
            }
            lock.lock();
            remember(key, std::move(name));
            pending.erase(key);
            if (queue.empty()) overdue = false;
            answered.notify_all();
        }
        exited = true;
        answered.notify_all();
    }
};

IdentityStage::IdentityStage(std::shared_ptr<NameResolver> resolver, std::vector<std::string> local_nodes,
                             IdentityOptions options, std::function<Clock::time_point()> now)
    : shared_(std::make_shared<Shared>()), local_nodes_(std::move(local_nodes)) {
    shared_->resolver = std::move(resolver);
    shared_->options = options;
    shared_->now = std::move(now);
}

// Started at the first lookup, on the reader thread: a thread takes its creator's capabilities
// and no_new_privs, and the reader's are dropped by then (plugin/privileges); a thread started
// with the stage, before the drop, would keep everything. It holds the state too: when a lookup
// hangs past shutdown_wait it is left to finish on its own, and still has everything it touches.
bool IdentityStage::start_worker() {
    if (worker_.joinable()) return true;
    if (no_worker_) return false;
    try {
        worker_ = std::thread([shared = shared_] { shared->run(); });
        return true;
    } catch (const std::system_error&) {  // no thread to be had (RLIMIT_NPROC): no lookups, ever
        no_worker_ = true;
        return false;
    }
}

IdentityStage::~IdentityStage() {
    if (!worker_.joinable()) return;
    std::unique_lock lock(shared_->mutex);
    shared_->stop = true;
    shared_->work.notify_all();
    bool exited = shared_->answered.wait_for(lock, shared_->options.shutdown_wait, [this] { return shared_->exited; });
    lock.unlock();
    if (exited) worker_.join();
    else worker_.detach();  // in a lookup NSS does not end: shutdown does not wait for it
}

bool IdentityStage::wait_idle(std::chrono::milliseconds limit) {
    std::unique_lock lock(shared_->mutex);
    return shared_->answered.wait_for(lock, limit, [this] { return shared_->pending.empty(); });
}

void IdentityStage::process(Event& event) {
    std::visit(Overloaded{
                   [this](ExecEvent& exec) { fill(exec.key, exec.task, exec.names, exec.lineage); },
                   [this](ProcessEndEvent& end) { fill(end.key, end.task, end.names, end.lineage); },
                   [](FileMeasurementEvent&) {},
                   [](IntegrityEvent&) {},
                   [](ForkEvent&) {},
               },
               event);
}

void IdentityStage::fill(const EventKey& key, const TaskInfo& task, UserNames& names, Lineage& lineage) {
    struct Wanted {
        std::optional<std::string>* name;
        Key key;
        bool done = false;
    };
    Wanted wanted[10];
    size_t count = 0;
    auto want = [&](std::optional<std::string>& name, const std::optional<uint32_t>& id, bool group) {
        if (name) {
            ++enriched_;  // only the assembler fills names before this stage
            return;
        }
        if (!id || *id == kUnsetId) return;
        wanted[count++] = Wanted{&name, group ? group_key(*id) : user_key(*id)};
    };
    want(names.auid, task.auid, false);
    want(names.uid, task.uid, false);
    want(names.euid, task.euid, false);
    want(names.suid, task.suid, false);
    want(names.fsuid, task.fsuid, false);
    want(names.gid, task.gid, true);
    want(names.egid, task.egid, true);
    want(names.sgid, task.sgid, true);
    want(names.fsgid, task.fsgid, true);
    // The parent's user (process.parent.user.name), when the process table knew its uid but no
    // ENRICHED text named it.
    if (auto& parent = lineage.parent; parent && !parent->user_name && parent->user_id && *parent->user_id != kUnsetId)
        wanted[count++] = Wanted{&parent->user_name, user_key(*parent->user_id)};
    if (count == 0) return;
    if (!is_local_node(key.node, local_nodes_)) return;

    bool filled = false;
    auto take = [&](Wanted& w, const Shared::Entry& entry, uint64_t& counter) {
        w.done = true;
        if (!entry.name) return void(++unknown_);
        *w.name = *entry.name;
        ++counter;
        filled = true;
    };

    Shared& shared = *shared_;
    std::unique_lock lock(shared.mutex);
    Clock::time_point now = shared.now();
    size_t missing = 0;
    for (size_t i = 0; i < count; ++i) {
        Wanted& w = wanted[i];
        if (const auto* entry = shared.fresh(w.key, now)) {
            take(w, *entry, cached_);
            continue;
        }
        if (!shared.pending.contains(w.key)) {
            // NSS far behind (or no worker): not asked.
            if (shared.queue.size() >= shared.options.max_queued || !start_worker()) {
                w.done = true;
                ++late_;
                continue;
            }
            shared.queue.push_back(w.key);
            shared.pending.insert(w.key);
            shared.work.notify_one();
        }
        ++missing;
    }
    if (missing > 0 && !shared.overdue) {
        auto answered = [&] {
            for (size_t i = 0; i < count; ++i)
                if (!wanted[i].done && shared.pending.contains(wanted[i].key)) return false;
            return true;
        };
        if (!shared.answered.wait_for(lock, shared.options.wait, answered)) shared.overdue = true;
        for (size_t i = 0; i < count; ++i) {
            Wanted& w = wanted[i];
            if (w.done || shared.pending.contains(w.key)) continue;
            auto it = shared.cache.find(w.key);  // just answered: fresh whatever the clock says
            if (it != shared.cache.end()) take(w, it->second, nss_);
        }
    }
    for (size_t i = 0; i < count; ++i)
        if (!wanted[i].done) ++late_;
    lock.unlock();
    if (filled && names.source == NameSource::none) names.source = NameSource::nss;
}

void IdentityStage::append_counters(std::vector<Counter>& out) const {
    out.push_back({"names_enriched", enriched_});
    out.push_back({"names_nss", nss_});
    out.push_back({"names_cached", cached_});
    out.push_back({"names_unknown", unknown_});
    out.push_back({"names_late", late_});
}

}  // namespace audisp_ima

#include "enrich/hash_resolver.h"

#include <algorithm>
#include <variant>

#include "parser/overloaded.h"

namespace audisp_ima {
namespace {

// ctime and audit timestamps come from the kernel's coarse clock, which runs up to one tick
// (10 ms at HZ=100) behind real time, and writes within one tick leave ctime as it was: a
// file's last change may be up to a tick after its ctime. Twice that, to be sure.
constexpr int64_t kClockSlackNs = 20'000'000;

bool same_digest(const FileHash& a, const FileHash& b) { return a.algorithm == b.algorithm && a.digest == b.digest; }

int64_t event_ns(const EventKey& key) {
    return static_cast<int64_t>(key.sec) * 1'000'000'000 + static_cast<int64_t>(key.msec) * 1'000'000;
}

}  // namespace

// The path store answers only `path` lookups: without path_hashes it is not kept at all.
HashResolver::HashResolver(HashResolverOptions options, LocalSystem* system)
    : options_(options),
      system_(system),
      inodes_(options.inode_capacity),
      paths_(options.path_hashes ? options.path_capacity : 0) {
    if (system_) list_read_ns_ = system_->boot_time_ns;
}

bool HashResolver::is_local(const std::string& node) const {
    if (!system_) return false;
    if (node.empty()) return true;
    return std::find(system_->node_names.begin(), system_->node_names.end(), node) != system_->node_names.end();
}

void HashResolver::count(HashSource source) {
    switch (source) {
        case HashSource::measured: ++counters_.measured; break;
        case HashSource::cached: ++counters_.cached; break;
        case HashSource::standalone: ++counters_.standalone; break;
        case HashSource::ima_list: ++counters_.ima_list; break;
        case HashSource::path: ++counters_.path; break;
        case HashSource::none: ++counters_.none; break;
    }
}

void HashResolver::learn_tied(const std::string& key, const Measurement& m, int64_t when_ns, bool local) {
    if (!m.record.hash) return;
    paths_.learn(key, m.record.file, *m.record.hash);
    if (!m.dev || !m.inode) return;
    FileId id{*m.dev, *m.inode};
    paths_.bind(key, m.record.file, id);
    KnownHash known{m.record.file, *m.record.hash, HashSource::cached, std::nullopt};
    if (local && system_->files) {
        // A stamp lets the entry outlive a restart; only when the file has not changed since.
        auto stamp = system_->files->stat(m.record.file);
        if (stamp && stamp->id == id &&
            (stamp->ctime_ns + kClockSlackNs <= when_ns || content_is(m.record.file, *m.record.hash, *stamp)))
            known.stamp = stamp;
    }
    inodes_.remember(key, id, known);
}

bool HashResolver::content_is(const std::string& path, const FileHash& hash, const FileStamp& stamp) {
    auto computed = system_->files->digest(path, hash.algorithm, stamp, options_.verify_max_bytes);
    if (!computed) return false;
    if (*computed == hash.digest) {
        ++counters_.verified;
        return true;
    }
    ++counters_.verify_mismatch;
    return false;
}

void HashResolver::bind_by_stat(const std::string& path, const FileHash& hash, HashSource source,
                                int64_t not_before_ns) {
    auto stamp = system_->files ? system_->files->stat(path) : std::nullopt;
    if (!stamp) {
        ++counters_.not_bound;  // gone: its next execution is measured again or listed again
        return;
    }
    const std::optional<KnownHash> existing = inodes_.find("", stamp->id);
    if (existing && same_digest(existing->hash, hash)) return;
    // Two digests for one file that did not change in between: one of them is of another file
    // under the same path (a mount namespace, a bind mount). Its path answers nothing from now on.
    bool conflict = existing && (!existing->stamp || *existing->stamp == *stamp);
    if (conflict) {
        ++counters_.conflicts;
        paths_.mark_ambiguous("", path);
    }
    // Unchanged since before the measurement could have happened: the measured file is this one.
    bool times_prove_it = stamp->ctime_ns + kClockSlackNs <= not_before_ns;
    if ((conflict || !times_prove_it) && !content_is(path, hash, *stamp)) {
        // A PATH-record tie is the kernel's own word and stays; a stat binding the content now
        // contradicts or cannot confirm does not.
        if (conflict && existing->source != HashSource::cached && !content_is(path, existing->hash, *stamp))
            inodes_.forget("", stamp->id);
        ++counters_.not_bound;
        return;
    }
    inodes_.remember("", stamp->id, KnownHash{path, hash, source, stamp});
    paths_.bind("", path, stamp->id);
    ++counters_.bound;
}

void HashResolver::process(Event& event) {
    std::visit(Overloaded{
                   [this](ExecEvent& exec) { enrich(exec); },
                   [this](FileMeasurementEvent& measured) { learn_standalone(measured.key, measured.measurement); },
                   [](IntegrityEvent&) {},
                   [](ProcessEndEvent&) {},
                   [](ForkEvent&) {},
               },
               event);
}

void HashResolver::append_counters(std::vector<Counter>& out) const {
    const HashCounters& h = counters_;
    out.insert(out.end(), {
                              {"hash_measured", h.measured},
                              {"hash_cached", h.cached},
                              {"hash_standalone", h.standalone},
                              {"hash_ima_list", h.ima_list},
                              {"hash_path", h.path},
                              {"no_hash", h.none},
                              {"list_entries", h.list_entries},
                              {"hash_bound", h.bound},
                              {"hash_not_bound", h.not_bound},
                              {"hash_conflicts", h.conflicts},
                              {"hash_verified", h.verified},
                              {"hash_verify_mismatch", h.verify_mismatch},
                          });
}

void HashResolver::learn_standalone(const EventKey& key, const ImaRecord& measurement) {
    std::string k = node_key(key.node);
    if (!measurement.hash) return;
    paths_.learn(k, measurement.file, *measurement.hash);
    if (is_local(key.node)) bind_by_stat(measurement.file, *measurement.hash, HashSource::standalone, event_ns(key));
}

bool HashResolver::list_grew() {
    if (!system_ || !system_->list || !parser_.error().empty()) return false;
    int64_t asked = system_->now_ns();
    auto count = system_->list->count();
    if (!count) return false;
    if (*count > parser_.counters().entries) return true;
    // Nothing was appended before `asked`: whatever comes next came after it.
    list_read_ns_ = std::max(list_read_ns_, asked);
    return false;
}

void HashResolver::follow_list() {
    if (!system_ || !system_->list || !parser_.error().empty()) return;
    // Entries this read returns were appended after the previous read began.
    int64_t not_before = list_read_ns_;
    list_read_ns_ = system_->now_ns();
    if (!system_->list->read_more(list_buffer_)) return;
    std::vector<ListEntry> entries;
    parser_.parse(list_buffer_, entries);
    counters_.list_entries = parser_.counters().entries;
    for (const auto& entry : entries) {
        // Entries a previous run of this boot handled are learnt again but not bound again: what
        // that run bound came back with restore(), checked against stat.
        bool rebind = entry.index >= list_skip_binding_;
        if (entry.violation || !entry.hash) {
            paths_.poison("", entry.path);
            continue;
        }
        paths_.learn("", entry.path, *entry.hash);
        if (rebind) bind_by_stat(entry.path, *entry.hash, HashSource::ima_list, not_before);
    }
}

HashResolver::Answer HashResolver::look_up(const std::string& key, bool local, const std::string& path,
                                           const std::optional<FileId>& id) {
    if (id) {
        // A list that grew may hold this very file's measurement, or a conflict unbinding it.
        if (local && list_grew()) follow_list();
        if (auto known = inodes_.find(key, *id); known && known->path == path)
            return {std::move(known->hash), known->source};
    }
    if (options_.path_hashes) {
        auto by_path = paths_.find(key, path);
        if (by_path && !by_path->ambiguous && (!by_path->bound || (id && *by_path->bound == *id)))
            return {std::move(by_path->hash), HashSource::path};
    }
    return {};
}

void HashResolver::enrich(ExecEvent& exec) {
    const std::string key = node_key(exec.key.node);
    const bool local = is_local(exec.key.node);
    for (const auto& m : exec.measurements) learn_tied(key, m, event_ns(exec.key), local);

    if (exec.executable && exec.success() != false) {
        const Measurement* own = nullptr;
        for (const auto& m : exec.measurements)
            if (m.record.hash && m.record.file == *exec.executable && (!own || (m.inode && !own->inode))) own = &m;
        if (own) {
            exec.hash = own->record.hash;
            exec.hash_source = HashSource::measured;
        } else if (Answer a = look_up(key, local, *exec.executable, exec.image_id); a.hash) {
            exec.hash = std::move(a.hash);
            exec.hash_source = a.source;
        }
    }
    count(exec.hash_source);

    if (exec.script) {
        ScriptFile& script = *exec.script;
        for (const auto& m : exec.measurements) {
            bool tied = script.id && m.dev && m.inode && FileId{*m.dev, *m.inode} == *script.id;
            if (m.record.hash && (tied || (!m.inode && m.record.file == script.path))) {
                script.hash = m.record.hash;
                script.hash_source = HashSource::measured;
                break;
            }
        }
        if (!script.hash) {
            if (Answer a = look_up(key, local, script.path, script.id); a.hash) {
                script.hash = std::move(a.hash);
                script.hash_source = a.source;
            }
        }
    }
}

HashState HashResolver::state(const std::string& boot_id) const {
    HashState state;
    state.boot_id = boot_id;
    state.list_entries = parser_.counters().entries;
    state.list_read_ns = list_read_ns_;
    for (auto& [node, known] : inodes_.stamped())
        if (node.empty()) state.files.push_back(known);
    return state;
}

void HashResolver::restore(const HashState& state) {
    if (!system_ || !system_->files) return;
    for (const auto& known : state.files) {
        auto stamp = system_->files->stat(known.path);
        if (!stamp || !known.stamp || !(*stamp == *known.stamp)) continue;  // changed since: measured anew
        inodes_.remember("", stamp->id, known);
        paths_.learn("", known.path, known.hash);
        paths_.bind("", known.path, stamp->id);
    }
    list_skip_binding_ = state.list_entries;
    list_read_ns_ = state.list_read_ns;
}

}  // namespace audisp_ima

#include "plugin/runtime.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <thread>
#include <tuple>

#include "plugin/config_file.h"
#include "plugin/input_loop.h"
#include "plugin/load_settings.h"
#include "plugin/local_system.h"
#include "plugin/proc_probe.h"
#include "plugin/privileges.h"
#include "plugin/setting_keys.h"
#include "plugin/signals.h"
#include "plugin/syslog_socket_sink.h"

namespace audisp_ima {
namespace {

using std::chrono::steady_clock;

// After SIGTERM, how long the input may still be read while waiting for EOF (a second
// SIGTERM ends the wait at once).
constexpr std::chrono::seconds kTermGrace{2};
// How often the main thread looks at timers and at the reader between signals.
constexpr std::chrono::milliseconds kTick{250};
// At exit, how long the writer waits for a destination that accepts nothing before counting
// the rest as abandoned. A slow but live syslog daemon is waited for.
constexpr std::chrono::seconds kDrainPatience{5};
// Messages the reader holds before it hands them to the queue (Runtime::enqueue).
constexpr size_t kOutboxBatch = 64;

bool same_destination(const Settings& a, const Settings& b) {
    return std::tie(a.output, a.syslog_socket, a.syslog_facility, a.syslog_priority, a.syslog_ident, a.syslog_header) ==
           std::tie(b.output, b.syslog_socket, b.syslog_facility, b.syslog_priority, b.syslog_ident, b.syslog_header);
}

}  // namespace

std::string summary_line(const std::vector<Counter>& counters) {
    std::string line;
    for (const auto& [name, value] : counters) {
        if (!line.empty()) line.push_back(' ');
        line.append(name).append("=").append(std::to_string(value));
    }
    return line;
}

Runtime::Runtime(CliOptions cli, Settings settings, const Diagnostics& diagnostics, std::string host)
    : cli_(std::move(cli)),
      settings_(settings),
      reader_settings_(settings),
      diagnostics_(diagnostics),
      host_(std::move(host)),
      started_(steady_clock::now()) {}

std::unique_ptr<Formatter> Runtime::make_event_formatter(const Settings& settings) const {
    return make_formatter(settings.format, FormatterOptions{host_, getpid(), geteuid()});
}

std::unique_ptr<Sink> Runtime::make_event_sink(const Settings& settings) const {
    return settings.output == OutputKind::syslog ? make_syslog_sink(settings) : make_stdout_sink();
}

// The message must fit max_message_size together with the syslog header in front of it.
size_t Runtime::message_budget(const Settings& settings) const {
    if (settings.output != OutputKind::syslog) return 0;
    size_t header = SyslogFraming(syslog_socket_options(settings).identity).max_header_size();
    return settings.max_message_size - std::min(header, settings.max_message_size / 2);
}

int Runtime::run(Input& input, const InputFiles* files) {
    files_read_ = files;
    if (files && ::isatty(STDERR_FILENO) == 1)
        progress_.emplace(files->total_bytes(), steady_clock::now(),
                          [](const std::string& text) { [[maybe_unused]] auto n = ::write(STDERR_FILENO, text.data(), text.size()); });
    queue_ = std::make_unique<MessageQueue>(settings_.queue_max_events, settings_.queue_max_bytes);
    writer_ = std::make_unique<Writer>(*queue_, make_event_sink(settings_),
                                       [this](const std::string& change) { diagnostics_.notice(change); });
    requests_ = std::make_unique<ReaderRequests>();
    PipelineOptions options;
    options.source.join_timeout = settings_.join_timeout;
    options.parser = settings_.parser;
    options.enrich.hashes.inode_capacity = settings_.hash_cache_size;
    options.enrich.hashes.path_capacity = settings_.hash_cache_size;
    options.enrich.hashes.path_hashes = settings_.path_hashes;
    options.enrich.process_table_size = settings_.process_table_size;
    options.enrich.system = open_local_system();  // before privileges go: /proc of every user is read
    options.enrich.host_name = host_;
    options.emit = settings_.emit;
    options.max_message_size = message_budget(settings_);
    pipeline_ = std::make_unique<Pipeline>(
        make_event_formatter(settings_), [this](std::string&& message) { enqueue(std::move(message)); },
        [this](const std::string& message) {
            if (progress_) progress_->clear();  // the reader's own line: the warning gets its own
            diagnostics_.warning(message);
        },
        options);
    load_processes();  // before privileges go: /proc/PID/exe of other users' processes
    give_up_privileges();

    std::thread writer_thread([this] {
        try {
            writer_->run();
        } catch (const std::exception& error) {
            std::lock_guard lock(error_mutex_);
            fatal_error_ = std::string("output: ") + error.what();
            writer_failed_ = true;
        }
    });
    main_thread_ = pthread_self();
    std::thread reader_thread([this, &input] { reader_main(input); });

    auto next_statistics = steady_clock::now() + settings_.stats_interval;
    // Whatever the main thread meets, the threads are stopped and joined below: a joinable
    // std::thread destroyed would end the process with std::terminate, counters unsaid.
    try {
        while (!reader_done_ && !writer_failed_ && !writer_->failed()) {
            ReceivedSignal received = wait_for_signal(kTick);
            if (received.event == SignalEvent::terminate && !obeys_stop(received, ::getppid(), by_hand())) {
                diagnostics_.notice("SIGTERM from pid " + std::to_string(received.sender) +
                                    " ignored: only auditd, the parent (pid " + std::to_string(::getppid()) +
                                    "), stops the plugin; it also stops when auditd closes its input");
                continue;
            }
            SignalEvent signal = received.event;
            if (signal == SignalEvent::terminate) {
                // auditd signals its plugins before it closes their sockets; leaving at once would let
                // its last writes fail (EPIPE), and auditd then "restarts" the plugin it is stopping.
                // Keep reading until it closes the socket, for a short while.
                // A reload or a statistics request in that time is still served, not swallowed.
                auto until = steady_clock::now() + kTermGrace;
                while (!reader_done_ && steady_clock::now() < until) {
                    ReceivedSignal late = wait_for_signal(std::chrono::milliseconds(50));
                    if (obeys_stop(late, ::getppid(), by_hand())) break;
                    if (late.event == SignalEvent::reload) reload();
                    if (late.event == SignalEvent::statistics) requests_->statistics("signal");
                }
                break;
            }
            if (signal == SignalEvent::reload) {
                reload();
                next_statistics = steady_clock::now() + settings_.stats_interval;
            }
            if (signal == SignalEvent::statistics) requests_->statistics("signal");
            if (settings_.stats_interval.count() > 0 && steady_clock::now() >= next_statistics) {
                requests_->statistics("interval");
                next_statistics += settings_.stats_interval;
            }
        }
    } catch (const std::exception& error) {
        std::lock_guard lock(error_mutex_);
        fatal_error_ = std::string("main: ") + error.what();
    }

    requests_->stop();
    reader_thread.join();  // the reader has flushed every event into the queue
    writer_->give_up_when_stalled(kDrainPatience);
    queue_->close();
    writer_thread.join();
    if (writer_->failed()) {
        std::lock_guard lock(error_mutex_);
        if (fatal_error_.empty()) fatal_error_ = "output: " + writer_->failure();
    }

    diagnostics_.notice(summary_line(counters()));
    if (files && files->failures() > 0) {
        diagnostics_.error(std::to_string(files->failures()) + " of " + std::to_string(cli_.inputs.size()) +
                           " input files not read to their end (said above); the rest were converted");
        std::lock_guard lock(error_mutex_);
        if (fatal_error_.empty()) return 1;
    }
    std::lock_guard lock(error_mutex_);
    if (!fatal_error_.empty()) {
        diagnostics_.error("fatal: " + fatal_error_);
        return 1;
    }
    return 0;
}

// Here every privileged opening is done (syslog socket with its send buffer, the IMA list,
// the config file) and no thread is running yet: capabilities are per thread, and the reader
// and writer must inherit the reduced sets. A failure is said loudly and the plugin goes on,
// as audisp-syslog does: refusing to run would lose every event, to avoid a risk that is the
// same as before this feature existed.
void Runtime::give_up_privileges() {
    PrivilegeOutcome outcome = drop_privileges();
    switch (outcome.kind) {
        case PrivilegeOutcome::Kind::dropped: diagnostics_.notice(outcome.detail); break;
        case PrivilegeOutcome::Kind::unprivileged: break;  // nothing held, nothing to say
        case PrivilegeOutcome::Kind::failed:
            diagnostics_.error("least privilege not reached, running on: " + outcome.detail);
            break;
    }
}

// Run by hand rather than by auditd: converting a file, or reading a terminal.
bool Runtime::by_hand() const { return !cli_.inputs.empty() || ::isatty(STDIN_FILENO) == 1; }

// From auditd the reader never waits (a full queue drops, counted); converting a saved log
// nothing is waiting on us, so the reader waits for a slow writer instead.
// Messages are handed over a few dozen at a time, and after every read, timer tick or request:
// one wake-up of the writer per batch instead of one per message.
void Runtime::enqueue(std::string&& message) {
    outbox_.push_back(std::move(message));
    if (outbox_.size() >= kOutboxBatch) hand_over();
}

void Runtime::hand_over() {
    if (outbox_.empty()) return;
    if (!cli_.inputs.empty()) queue_->push_all_waiting(outbox_, kDrainPatience);
    else queue_->push_all(outbox_);
}

// Events come from this host when read from auditd, or when the user says a saved log is this
// host's (measurement_list = host). Only then may files be stat'ed and the list joined.
LocalSystem* Runtime::open_local_system() {
    bool local = cli_.inputs.empty() || settings_.measurement_list == "host";
    if (!local) return nullptr;
    files_ = std::make_unique<StatFileProbe>([this](const std::string& why) {
        diagnostics_.warning("file digests unavailable (" + why +
                             "): a hash measured while its file was changing is not kept across restarts");
    });
    system_.files = files_.get();
    system_.now_ns = realtime_ns;
    system_.boot_time_ns = boot_time_ns();
    system_.node_names = {host_, host_.substr(0, host_.find('.'))};
    system_.host = read_host_facts(host_);
    processes_ = std::make_unique<ProcProbe>();
    system_.processes = processes_.get();
    boot_id_ = current_boot_id();
    if (settings_.measurement_list != "none") {
        std::string why;
        list_ = KernelMeasurementList::open(why);
        if (list_) system_.list = list_.get();
        else diagnostics_.notice("IMA measurement list not read (" + why + "): hashes only from audit records");
    }
    return &system_;
}

// Before the first event: what a previous run of this boot knew, then the list as it is now.
void Runtime::load_hashes() {
    HashResolver& hashes = pipeline_->hashes();
    if (files_ && settings_.state_file != "none" && !boot_id_.empty()) {
        try {
            if (auto state = load_hash_state(settings_.state_file)) {
                if (state->boot_id == boot_id_) hashes.restore(*state);
                else diagnostics_.notice(settings_.state_file + " is from another boot: not used");
            }
        } catch (const std::exception& error) {
            diagnostics_.warning("hash state not restored: " + std::string(error.what()));
        }
    }
    hashes.follow_list();
    if (!hashes.list_error().empty()) diagnostics_.warning("IMA measurement list: " + hashes.list_error());
}

// This boot's table from the last run (entity ids its children must keep), then every process
// /proc shows that it does not hold.
void Runtime::load_processes() {
    ProcessStage* processes = pipeline_->processes();
    if (!processes || !system_.processes) return;
    if (settings_.state_file != "none" && !boot_id_.empty()) {
        const std::string path = process_state_path(settings_.state_file);
        try {
            if (auto state = load_process_state(path)) {
                if (state->boot_id == boot_id_) processes->restore(*state);
                else diagnostics_.notice(path + " is from another boot: not used");
            }
        } catch (const std::exception& error) {
            diagnostics_.warning("process state not restored: " + std::string(error.what()));
        }
    }
    processes->seed();
}

void Runtime::save_processes() {
    ProcessStage* processes = pipeline_->processes();
    if (!processes || !system_.processes || settings_.state_file == "none" || boot_id_.empty()) return;
    const std::string path = process_state_path(settings_.state_file);
    try {
        save_process_state(path, processes->state(boot_id_));
    } catch (const std::exception& error) {
        diagnostics_.warning("process state not saved: " + std::string(error.what()));
    }
}

void Runtime::save_hashes() {
    if (!files_ || settings_.state_file == "none" || boot_id_.empty()) return;
    try {
        save_hash_state(settings_.state_file, pipeline_->hashes().state(boot_id_));
    } catch (const std::exception& error) {
        diagnostics_.warning("hash state not saved: " + std::string(error.what()));
    }
}

void Runtime::reader_main(Input& input) {
    load_hashes();
    try {
        run_input_loop(input, *pipeline_, *requests_, [this](ReaderRequest& request) { serve(request); },
                       [this] {
                           hand_over();
                           show_progress(false);
                       });
    } catch (const std::exception& error) {
        std::lock_guard lock(error_mutex_);
        fatal_error_ = std::string("input: ") + error.what();
    }
    try {
        pipeline_->flush();
        // stats_interval = 0 turns statistics messages off, the one at exit included.
        if (reader_settings_.stats_interval.count() > 0) push_statistics("exit");
    } catch (const std::exception& error) {
        std::lock_guard lock(error_mutex_);
        if (fatal_error_.empty()) fatal_error_ = std::string("flush: ") + error.what();
    }
    hand_over();
    show_progress(true);
    save_hashes();
    save_processes();
    reader_done_ = true;
    wake(main_thread_);
}

void Runtime::input_problem(const std::string& problem) {
    if (progress_) progress_->clear();
    diagnostics_.error(problem);
}

void Runtime::show_progress(bool last) {
    if (!progress_ || !files_read_) return;
    uint64_t records = pipeline_->records_read();
    if (last) progress_->finish(steady_clock::now(), files_read_->done_bytes(), records);
    else progress_->update(steady_clock::now(), files_read_->done_bytes(), records);
}

void Runtime::serve(ReaderRequest& request) {
    if (request.reload) {
        reader_settings_ = std::move(*request.reload);
        pipeline_->reconfigure(make_event_formatter(reader_settings_), reader_settings_.emit,
                               message_budget(reader_settings_));
    }
    for (const auto& trigger : request.statistics) push_statistics(trigger);
}

// Main thread. A config that does not load leaves everything as it was.
void Runtime::reload() {
    Settings next;
    std::unique_ptr<Sink> sink;
    try {
        next = load_settings(cli_);
        // Formatter names are checked here so the reader never meets a bad one; the sink is made
        // before anything changes, so whatever it refuses also keeps the running settings.
        make_event_formatter(next);
        if (!same_destination(next, settings_)) sink = make_event_sink(next);
    } catch (const std::exception& error) {
        diagnostics_.error(std::string("SIGHUP: configuration not reloaded, keeping the current one: ") + error.what());
        return;
    }
    std::string restart_only;
    if (next.join_timeout != settings_.join_timeout) restart_only += " join_timeout";
    if (next.parser != settings_.parser) restart_only += " parser";
    if (next.hash_cache_size != settings_.hash_cache_size) restart_only += " hash_cache_size";
    if (next.process_table_size != settings_.process_table_size) restart_only += " process_table_size";
    if (next.measurement_list != settings_.measurement_list) restart_only += " measurement_list";
    if (next.state_file != settings_.state_file) restart_only += " state_file";
    if (next.path_hashes != settings_.path_hashes) restart_only += " path_hashes";
    if (sink) writer_->replace_sink(std::move(sink));
    queue_->set_limits(next.queue_max_events, next.queue_max_bytes);
    requests_->reload(next);
    settings_ = next;
    diagnostics_.notice("SIGHUP: configuration reloaded" +
                        (restart_only.empty() ? std::string() : "; takes effect at restart:" + restart_only));
}

std::vector<Counter> Runtime::counters() const {
    std::vector<Counter> out;
    pipeline_->append_counters(out);
    QueueCounters queue = queue_->counters();
    out.insert(out.end(), {{"dropped", queue.dropped}, {"queue_depth", queue.depth}, {"queue_high_water", queue.high_water}});
    writer_->append_counters(out);
    return out;
}

void Runtime::push_statistics(const std::string& trigger) {
    StatisticsReport report;
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    report.sec = static_cast<uint64_t>(now.tv_sec);
    report.msec = static_cast<uint32_t>(now.tv_nsec / 1'000'000);
    report.host = host_;
    report.trigger = trigger;
    report.uptime_seconds =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(steady_clock::now() - started_).count());
    report.counters = counters();
    // Asked for by hand (SIGUSR1): also answer where the person asking looks, the plugin's log.
    if (trigger == "signal") diagnostics_.notice("statistics: " + summary_line(report.counters));
    enqueue(pipeline_->formatter().format_statistics(report));
}

}  // namespace audisp_ima

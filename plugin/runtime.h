// The running plugin: a reader thread (input -> pipeline -> queue), a writer thread (queue ->
// sink) and the main thread, which waits for signals and timers and turns them into requests.
// Every message is accounted for: emitted = sent + rejected + abandoned + queue drops.
#pragma once

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "formatters/statistics_report.h"
#include "enrich/hash_resolver.h"
#include "plugin/cli_options.h"
#include "plugin/diagnostics.h"
#include "plugin/input.h"
#include "plugin/input_files.h"
#include "plugin/message_queue.h"
#include "plugin/pipeline.h"
#include "plugin/progress_meter.h"
#include "plugin/reader_requests.h"
#include "plugin/settings.h"
#include "plugin/writer.h"

namespace audisp_ima {

class Runtime {
public:
    Runtime(CliOptions cli, Settings settings, const Diagnostics& diagnostics, std::string host);

    // Runs until end of input or SIGTERM/SIGINT, flushes every event in flight, and returns the
    // exit status (0, or 1 after a fatal input or output error, or when one of `files` could not
    // be read). `files`, when given, is `input` itself (--input): its progress is shown on a
    // terminal and its failures decide the status.
    int run(Input& input, const InputFiles* files = nullptr);

    // A file of --input that cannot be read: said on its own line, the progress line erased first
    // (the reader thread, or before run()).
    void input_problem(const std::string& problem);

private:
    void reader_main(Input& input);
    void show_progress(bool last);
    void serve(ReaderRequest& request);
    void reload();
    void push_statistics(const std::string& trigger);
    std::vector<Counter> counters() const;  // reader thread, or after it ended
    std::unique_ptr<Formatter> make_event_formatter(const Settings& settings) const;
    std::unique_ptr<Sink> make_event_sink(const Settings& settings) const;
    size_t message_budget(const Settings& settings) const;
    LocalSystem* open_local_system();
    void enqueue(std::string&& message);
    void hand_over();
    bool by_hand() const;
    void give_up_privileges();
    void load_hashes();
    void save_hashes();
    void load_processes();
    void save_processes();

    CliOptions cli_;
    Settings settings_;         // main thread's view (signals, timers, sink changes)
    Settings reader_settings_;  // reader thread's view (formatter, emit, size limit)
    const Diagnostics& diagnostics_;
    std::string host_;
    std::chrono::steady_clock::time_point started_;

    std::unique_ptr<FileProbe> files_;
    std::unique_ptr<MeasurementListReader> list_;
    std::unique_ptr<ProcessProbe> processes_;
    LocalSystem system_;
    std::string boot_id_;

    std::unique_ptr<MessageQueue> queue_;
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<Pipeline> pipeline_;
    std::unique_ptr<ReaderRequests> requests_;
    const InputFiles* files_read_ = nullptr;
    std::optional<ProgressMeter> progress_;  // reader thread; only when stderr is a terminal
    std::vector<std::string> outbox_;  // reader thread: formatted, not yet handed to the queue
    std::atomic<bool> reader_done_{false};
    pthread_t main_thread_{};  // woken by the reader when it is done
    std::atomic<bool> writer_failed_{false};
    std::mutex error_mutex_;
    std::string fatal_error_;
};

// "records=1 malformed=0 ..." for the exit line.
std::string summary_line(const std::vector<Counter>& counters);

}  // namespace audisp_ima

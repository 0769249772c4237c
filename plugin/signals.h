// Signals, taken over from auditd. auditd 3.0.9 execs a plugin with every signal ignored and,
// after a restart, SIGTERM/SIGHUP/SIGUSR1/SIGUSR2/SIGCHLD/SIGCONT blocked. The plugin's own
// signals are blocked in every thread and collected synchronously by the main thread, so no
// handler runs in the middle of parsing and no flag needs to be async-signal-safe.
#pragma once

#include <chrono>

namespace audisp_ima {

enum class SignalEvent { none, terminate, reload, statistics };

// Call once, before any thread starts (threads inherit the mask).
void take_over_signals();

// Waits up to `timeout` for SIGTERM/SIGINT (terminate), SIGHUP (reload) or SIGUSR1 (statistics).
SignalEvent wait_for_signal(std::chrono::milliseconds timeout);

}  // namespace audisp_ima

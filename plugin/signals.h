// Signals, taken over from auditd. auditd 3.0.9 execs a plugin with every signal ignored and,
// after a restart, SIGTERM/SIGHUP/SIGUSR1/SIGUSR2/SIGCHLD/SIGCONT blocked. The plugin's own
// signals are blocked in every thread and collected synchronously by the main thread, so no
// handler runs in the middle of parsing and no flag needs to be async-signal-safe.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <chrono>

namespace audisp_ima {

enum class SignalEvent { none, terminate, reload, statistics };

struct ReceivedSignal {
    SignalEvent event = SignalEvent::none;
    int number = 0;    // SIGTERM, SIGINT, ...
    pid_t sender = 0;  // si_pid: 0 when the kernel sent it (a terminal's ^C)
};

// Whether a stop request is obeyed. As auditd's own plugins do (audisp-syslog), SIGTERM only
// from the parent, auditd: a stray SIGTERM (a script's pkill, systemd signalling the whole
// service) must not end the plugin before auditd has closed its stdin, or what auditd still
// sends is lost. Run by hand (`by_hand`: --input, or stdin a terminal) anyone may stop it;
// SIGINT is a terminal's and always obeyed.
bool obeys_stop(const ReceivedSignal& signal, pid_t parent, bool by_hand);

// Call once, before any thread starts (threads inherit the mask).
void take_over_signals();

// Waits up to `timeout` for SIGTERM/SIGINT (terminate), SIGHUP (reload) or SIGUSR1 (statistics),
// or for wake(); a wake (or any other signal) returns SignalEvent::none, as a timeout does.
ReceivedSignal wait_for_signal(std::chrono::milliseconds timeout);

// Ends `waiting_thread`'s wait_for_signal now, or its next one if it is not waiting: so the main
// thread learns at once that the reader is done, not at its next tick (up to 250 ms later).
void wake(pthread_t waiting_thread);

}  // namespace audisp_ima

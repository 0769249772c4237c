#include "plugin/signals.h"

#include <signal.h>

#include <cerrno>
#include <ctime>
#include <system_error>

namespace audisp_ima {
namespace {

constexpr int kWaited[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1};
// The reader's "I am done" to the main thread (SIGRTMIN is a glibc function, not a constant).
int wake_signal() { return SIGRTMIN; }

// Never runs while the signal is blocked; it exists because a signal whose action is SIG_IGN is
// discarded when sent, even if blocked, and sigtimedwait would never see it.
void ignore_delivery(int) {}

sigset_t waited_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kWaited) sigaddset(&set, sig);
    sigaddset(&set, wake_signal());
    return set;
}

}  // namespace

void take_over_signals() {
    struct sigaction action {};
    action.sa_handler = ignore_delivery;
    sigemptyset(&action.sa_mask);
    for (int sig : kWaited) sigaction(sig, &action, nullptr);
    sigaction(wake_signal(), &action, nullptr);

    // A dead syslog socket or a closed stdout must give EPIPE, not kill us.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, nullptr);

    // Defaults back for the rest, e.g. SIGCHLD for any child a later feature may start.
    struct sigaction restore {};
    restore.sa_handler = SIG_DFL;
    sigemptyset(&restore.sa_mask);
    for (int sig : {SIGCHLD, SIGUSR2, SIGCONT, SIGALRM}) sigaction(sig, &restore, nullptr);

    sigset_t waited = waited_set();
    if (pthread_sigmask(SIG_SETMASK, &waited, nullptr) != 0)
        throw std::system_error(errno, std::generic_category(), "pthread_sigmask");
}

ReceivedSignal wait_for_signal(std::chrono::milliseconds timeout) {
    sigset_t waited = waited_set();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    timespec ts{static_cast<time_t>(seconds.count()),
                static_cast<long>(std::chrono::nanoseconds(timeout - seconds).count())};
    siginfo_t info{};
    int sig = sigtimedwait(&waited, &info, &ts);
    ReceivedSignal received;
    if (sig <= 0) return received;  // timeout or EINTR
    received.number = sig;
    received.sender = info.si_pid;
    switch (sig) {
        case SIGTERM:
        case SIGINT: received.event = SignalEvent::terminate; break;
        case SIGHUP: received.event = SignalEvent::reload; break;
        case SIGUSR1: received.event = SignalEvent::statistics; break;
        default: break;
    }
    return received;
}

void wake(pthread_t waiting_thread) { pthread_kill(waiting_thread, wake_signal()); }

bool obeys_stop(const ReceivedSignal& signal, pid_t parent, bool by_hand) {
    if (signal.event != SignalEvent::terminate) return false;
    if (signal.number == SIGINT || by_hand) return true;
    return signal.sender == parent;
}

}  // namespace audisp_ima

// plugin/signals.h: which stop requests the plugin obeys (audisp-syslog's rule: SIGTERM from the
// parent, auditd, only).
#include <catch2/catch.hpp>

#include <signal.h>

#include "plugin/signals.h"

using namespace audisp_ima;

TEST_CASE("stop requests: SIGTERM from auditd only, unless run by hand; SIGINT always", "[signals]") {
    const pid_t auditd = 612;
    auto term_from = [](pid_t sender) { return ReceivedSignal{SignalEvent::terminate, SIGTERM, sender}; };
    CHECK(obeys_stop(term_from(auditd), auditd, false));
    CHECK_FALSE(obeys_stop(term_from(1), auditd, false));     // systemd signalling the whole service
    CHECK_FALSE(obeys_stop(term_from(4242), auditd, false));  // a stray pkill
    CHECK_FALSE(obeys_stop(term_from(0), auditd, false));
    CHECK(obeys_stop(term_from(4242), auditd, true));         // --input, or a terminal
    CHECK(obeys_stop(ReceivedSignal{SignalEvent::terminate, SIGINT, 0}, auditd, false));
    CHECK_FALSE(obeys_stop(ReceivedSignal{SignalEvent::reload, SIGHUP, auditd}, auditd, false));
    CHECK_FALSE(obeys_stop(ReceivedSignal{}, auditd, true));
}

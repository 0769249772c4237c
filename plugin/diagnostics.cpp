#include "plugin/diagnostics.h"

#include <syslog.h>

#include <cstdio>

namespace audisp_ima {

Diagnostics::Diagnostics(bool to_syslog) : to_syslog_(to_syslog) {
    if (to_syslog_) openlog("audisp-ima", LOG_PID, LOG_DAEMON);
}

Diagnostics::~Diagnostics() {
    if (to_syslog_) closelog();
}

void Diagnostics::emit(int priority, const std::string& message) const {
    std::fprintf(stderr, "audisp-ima: %s\n", message.c_str());
    if (to_syslog_) syslog(priority, "%s", message.c_str());
}

void Diagnostics::error(const std::string& message) const { emit(LOG_ERR, message); }
void Diagnostics::warning(const std::string& message) const { emit(LOG_WARNING, message); }
void Diagnostics::notice(const std::string& message) const { emit(LOG_NOTICE, message); }

}  // namespace audisp_ima

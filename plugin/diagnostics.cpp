#include "plugin/diagnostics.h"

#include <syslog.h>

#include <cstdio>

#include "plugin/syslog_socket_sink.h"

namespace audisp_ima {
namespace {

std::unique_ptr<SyslogSocketSink> system_log(const std::string& socket_path, int priority) {
    Settings settings;
    settings.syslog_socket = socket_path;
    settings.syslog_facility = LOG_DAEMON;
    settings.syslog_priority = priority;
    return std::make_unique<SyslogSocketSink>(syslog_socket_options(settings));
}

}  // namespace

Diagnostics::Diagnostics(bool to_syslog, const std::string& socket_path) {
    if (!to_syslog) return;
    error_ = system_log(socket_path, LOG_ERR);
    warning_ = system_log(socket_path, LOG_WARNING);
    notice_ = system_log(socket_path, LOG_NOTICE);
}

Diagnostics::~Diagnostics() = default;

void Diagnostics::emit(SyslogSocketSink* sink, const std::string& message) const {
    std::lock_guard lock(mutex_);
    std::fprintf(stderr, "audisp-ima: %s\n", message.c_str());
    if (sink) sink->send(message);  // one non-blocking attempt
}

void Diagnostics::error(const std::string& message) const { emit(error_.get(), message); }
void Diagnostics::warning(const std::string& message) const { emit(warning_.get(), message); }
void Diagnostics::notice(const std::string& message) const { emit(notice_.get(), message); }

}  // namespace audisp_ima

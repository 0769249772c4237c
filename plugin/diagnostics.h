// The plugin's own messages (bad input, reload results, the exit summary) as opposed to the
// event stream. auditd points a plugin's stderr at /dev/null, so they also go to syslog(3)
// (facility daemon) unless the plugin writes its events to stdout, i.e. runs by hand.
#pragma once

#include <string>

namespace audisp_ima {

class Diagnostics {
public:
    explicit Diagnostics(bool to_syslog);
    ~Diagnostics();
    Diagnostics(const Diagnostics&) = delete;
    Diagnostics& operator=(const Diagnostics&) = delete;

    void error(const std::string& message) const;
    void warning(const std::string& message) const;
    void notice(const std::string& message) const;

private:
    void emit(int priority, const std::string& message) const;
    bool to_syslog_;
};

}  // namespace audisp_ima

#include "plugin/syslog_socket_sink.h"

#include <poll.h>

#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace audisp_ima {
namespace {

std::string error_text(int err) { return std::system_category().message(err); }

sockaddr_un socket_address(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(address.sun_path))
        throw std::invalid_argument("syslog socket path '" + path + "' is empty or longer than " +
                                    std::to_string(sizeof(address.sun_path) - 1) + " bytes");
    std::memcpy(address.sun_path, path.data(), path.size());
    return address;
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof(name) - 1) != 0) return {};  // the framing writes "-"
    return name;
}

}  // namespace

SyslogSocketOptions syslog_socket_options(const Settings& settings) {
    SyslogSocketOptions options;
    options.socket_path = settings.syslog_socket;
    options.identity.header = settings.syslog_header;
    options.identity.facility = settings.syslog_facility;
    options.identity.priority = settings.syslog_priority;
    options.identity.ident = settings.syslog_ident;
    options.identity.hostname = host_name();
    options.identity.pid = static_cast<long>(getpid());
    options.max_datagram_size = settings.max_message_size;
    return options;
}

SyslogSocketSink::SyslogSocketSink(SyslogSocketOptions options)
    : options_(std::move(options)),
      framing_(options_.identity),
      where_("syslog socket " + options_.socket_path),
      backoff_(options_.reconnect_initial, options_.reconnect_max) {
    socket_address(options_.socket_path);  // a path that can never work is a configuration error
    open_socket();
    if (!connect_now()) {
        // The daemon may simply not be up yet (started after auditd): keep going, retry later.
        next_connect_ = std::chrono::steady_clock::now() + backoff_.next();
        status_change_ = where_ + ": not connected (" + last_error_ + "); will keep trying";
    }
}

SyslogSocketSink::~SyslogSocketSink() {
    if (fd_ >= 0) close(fd_);
}

SendResult SyslogSocketSink::send(std::string_view message) {
    if (!connected_) {
        const auto now = std::chrono::steady_clock::now();
        if (now < next_connect_) return SendResult::retry_later;  // backing off: no attempt made, none counted
        if (!connect_now()) {
            errors_.fetch_add(1, std::memory_order_relaxed);
            ++failed_since_connected_;
            next_connect_ = now + backoff_.next();
            return SendResult::retry_later;
        }
    }
    const SendResult result = send_datagram(message);
    if (result != SendResult::retry_later || connected_) return result;
    // The daemon went away. When it was restarted it has made a new socket at the same path
    // already: connect and deliver now rather than after the back-off (glibc's syslog(3) also
    // retries once). lose_connection() has scheduled the next attempt in case this one fails.
    if (!connect_now()) return SendResult::retry_later;
    return send_datagram(message);
}

size_t SyslogSocketSink::send_all(const std::vector<std::string>& messages, size_t from) {
    constexpr size_t kMax = 64;  // the writer's batch
    if (!connected_ || from >= messages.size()) return 0;
    header_.clear();
    framing_.append_header(header_, local_now());  // one timestamp for a batch taken at once
    size_t count = std::min(kMax, messages.size() - from);
    iovec parts[kMax][2];
    mmsghdr datagrams[kMax]{};
    for (size_t i = 0; i < count; ++i) {
        const std::string& message = messages[from + i];
        parts[i][0] = {header_.data(), header_.size()};
        parts[i][1] = {const_cast<char*>(message.data()), message.size()};
        datagrams[i].msg_hdr.msg_iov = parts[i];
        datagrams[i].msg_hdr.msg_iovlen = 2;
    }
    int sent;
    do {
        sent = sendmmsg(fd_, datagrams, static_cast<unsigned>(count), MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent <= 0) return 0;  // the first did not go: send() retries it and counts what happened
    sent_.fetch_add(static_cast<uint64_t>(sent), std::memory_order_relaxed);
    busy_ = false;
    failed_since_connected_ = 0;
    backoff_.reset();
    return static_cast<size_t>(sent);
}

SendResult SyslogSocketSink::send_datagram(std::string_view message) {
    header_.clear();
    framing_.append_header(header_, local_now());
    // Header and message from their own buffers: the message is never copied.
    iovec parts[2] = {{header_.data(), header_.size()}, {const_cast<char*>(message.data()), message.size()}};
    msghdr datagram{};
    datagram.msg_iov = parts;
    datagram.msg_iovlen = 2;
    ssize_t written;
    do {
        written = sendmsg(fd_, &datagram, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (written < 0 && errno == EINTR);
    if (written >= 0) {  // a datagram goes whole or not at all
        sent_.fetch_add(1, std::memory_order_relaxed);
        busy_ = false;
        failed_since_connected_ = 0;
        backoff_.reset();
        return SendResult::sent;
    }
    const int err = errno;
    if (err == EMSGSIZE) {
        // Larger than the socket's send buffer allows: no retry can help. Not counted in
        // errors, which are failures of the destination; the caller counts the drop.
        rejected_.fetch_add(1, std::memory_order_relaxed);
        last_error_ = "a message of " + std::to_string(header_.size() + message.size()) +
                      " bytes is larger than the socket accepts (" + error_text(err) + ")";
        return SendResult::rejected;
    }
    errors_.fetch_add(1, std::memory_order_relaxed);
    ++failed_since_connected_;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
        // The daemon is alive but its queue is full: it is behind, not gone.
        busy_ = true;
        last_error_ = "the syslog daemon is not keeping up (" + error_text(err) + ")";
        return SendResult::retry_later;
    }
    // ECONNREFUSED (the daemon closed its socket: stopped or restarted), ENOTCONN (after that),
    // ENOENT, EPIPE, ECONNRESET; anything unexpected is handled the same way: start over.
    lose_connection("sending failed: " + error_text(err));
    return SendResult::retry_later;
}

// One socket for the sink's whole life, made while the plugin still has its privileges:
// SO_SNDBUFFORCE needs CAP_NET_ADMIN, which is dropped after start-up, and a datagram socket
// can be connected again to the daemon's new socket, so the buffer raised here stays.
void SyslogSocketSink::open_socket() {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) {
        last_error_ = "cannot create a socket: " + error_text(errno);
        return;
    }
    fit_send_buffer(fd_);
}

bool SyslogSocketSink::connect_now() {
    const sockaddr_un address = socket_address(options_.socket_path);
    if (fd_ < 0) open_socket();  // out of descriptors at start, say: made now, without privileges
    if (fd_ < 0) return false;
    int result;
    do {
        result = connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    } while (result != 0 && errno == EINTR);
    if (result != 0) {
        const int err = errno;
        last_error_ = "cannot connect to " + options_.socket_path + ": " + error_text(err);
        if (err == EPROTOTYPE) last_error_ += " (not a datagram socket)";
        return false;
    }
    connected_ = true;
    busy_ = false;
    if (ever_connected_) {
        reconnects_.fetch_add(1, std::memory_order_relaxed);
        status_change_ = where_ + ": connected again after " + std::to_string(failed_since_connected_) +
                         " failed attempts (last error: " + last_error_ + ")";
    } else if (failed_since_connected_ > 0 || !last_error_.empty()) {
        // Reported as not connected at start: say when that ends.
        status_change_ = where_ + ": connected after " + std::to_string(failed_since_connected_) +
                         " failed attempts (last error: " + last_error_ + ")";
    }
    ever_connected_ = true;
    return true;
}

void SyslogSocketSink::fit_send_buffer(int fd) {
    // Linux refuses a datagram longer than the send buffer less 32 bytes. SO_SNDBUF gets at most
    // net.core.wmem_max (doubled by the kernel); SO_SNDBUFFORCE goes past it with CAP_NET_ADMIN,
    // which the plugin holds only until it has made its sockets (plugin/privileges.h).
    if (options_.max_datagram_size == 0) return;
    const size_t needed = options_.max_datagram_size + 32;
    if (needed > static_cast<size_t>(INT_MAX / 2)) return;
    const auto current = [fd] {
        int size = 0;
        socklen_t length = sizeof(size);
        return getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &length) == 0 ? static_cast<size_t>(size) : size_t{0};
    };
    if (current() >= needed) return;
    const int request = static_cast<int>(needed);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &request, sizeof(request));
    if (current() >= needed) return;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &request, sizeof(request));
    if (current() >= needed) return;
    // Not an error yet: only messages that large will be rejected, and counted.
    status_change_ = where_ + ": the socket send buffer stays at " + std::to_string(current()) +
                     " bytes (net.core.wmem_max); datagrams over " + std::to_string(current() - 32) +
                     " bytes will be rejected";
}

void SyslogSocketSink::lose_connection(std::string reason) {
    // The socket stays open (see open_socket); the next connect() replaces its peer.
    connected_ = false;
    busy_ = false;
    last_error_ = std::move(reason);
    next_connect_ = std::chrono::steady_clock::now() + backoff_.next();
    status_change_ = where_ + ": connection lost (" + last_error_ + "); reconnecting";
}

std::chrono::milliseconds SyslogSocketSink::retry_delay() const {
    using namespace std::chrono;
    if (connected_) return options_.busy_retry;
    return std::max(ceil<milliseconds>(next_connect_ - steady_clock::now()), milliseconds(1));
}

void SyslogSocketSink::wait_before_retry(std::chrono::milliseconds limit) {
    if (connected_ && busy_) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, static_cast<int>(limit.count()));  // an error or timeout just means "retry now"
        return;
    }
    std::this_thread::sleep_for(std::min(retry_delay(), limit));
}

SinkCounters SyslogSocketSink::counters() const {
    SinkCounters counters;
    counters.sent = sent_.load(std::memory_order_relaxed);
    counters.rejected = rejected_.load(std::memory_order_relaxed);
    counters.errors = errors_.load(std::memory_order_relaxed);
    counters.reconnects = reconnects_.load(std::memory_order_relaxed);
    return counters;
}

std::optional<std::string> SyslogSocketSink::take_status_change() { return std::exchange(status_change_, std::nullopt); }

LocalTime SyslogSocketSink::local_now() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto second = floor<seconds>(now);
    // The offset changes only with the zone's rules (DST); looking it up once a second keeps
    // localtime_r off the per-message path under load.
    if (!offset_known_ || second != offset_second_) {
        const std::time_t t = system_clock::to_time_t(second);
        std::tm local{};
        utc_offset_ = localtime_r(&t, &local) != nullptr ? seconds(local.tm_gmtoff) : seconds(0);
        offset_second_ = second;
        offset_known_ = true;
    }
    return to_local_time(now, utc_offset_);
}

std::unique_ptr<Sink> make_syslog_sink(const Settings& settings) {
    return std::make_unique<SyslogSocketSink>(syslog_socket_options(settings));
}

}  // namespace audisp_ima

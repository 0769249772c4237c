// The syslog socket sink against a datagram socket of the test's own, standing in for the
// daemon: delivery, a daemon that stops reading, one that goes away and comes back, one that is
// not there yet, and a message no socket takes. Time bounds are generous (seconds): the point is
// that send() returns instead of blocking, not how fast.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "plugin/syslog_socket_sink.h"
#include "tests/support/temp_dir.h"

using namespace audisp_ima;
using namespace std::chrono_literals;

using audisp_ima::test::TempDir;

namespace {


// The daemon's end: a bound datagram socket that reads only when asked to.
class Receiver {
public:
    explicit Receiver(std::string path) : path_(std::move(path)) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path_.size() < sizeof(address.sun_path));
        path_.copy(address.sun_path, path_.size());
        REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
    }
    ~Receiver() { stop(); }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    // The next datagram, or nothing within `wait`.
    std::optional<std::string> receive(std::chrono::milliseconds wait = 5000ms) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(wait.count())) != 1) return std::nullopt;
        std::string buffer(512 * 1024, '\0');
        const ssize_t n = recv(fd_, buffer.data(), buffer.size(), 0);
        if (n < 0) return std::nullopt;
        buffer.resize(static_cast<size_t>(n));
        return buffer;
    }
    size_t drain() {
        size_t n = 0;
        while (receive(0ms)) ++n;
        return n;
    }
    ino_t inode() const {
        struct stat st {};
        REQUIRE(fstat(fd_, &st) == 0);
        return st.st_ino;
    }
    // What a stopped daemon leaves: no socket, and no file at the path.
    void stop() {
        if (fd_ < 0) return;
        close(fd_);
        fd_ = -1;
        unlink(path_.c_str());
    }

private:
    std::string path_;
    int fd_ = -1;
};

// Every socket this process has open, by inode.
std::set<ino_t> open_socket_inodes() {
    std::set<ino_t> inodes;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        struct stat st {};
        if (::stat(entry.path().c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) inodes.insert(st.st_ino);
    }
    return inodes;
}

SyslogSocketOptions options_for(const std::string& path) {
    SyslogSocketOptions options;
    options.socket_path = path;
    options.identity.ident = "audisp-ima";
    options.identity.pid = 4242;
    options.reconnect_initial = 20ms;
    options.reconnect_max = 200ms;
    return options;
}

// Sends one message the way the writer thread does: retry after retry_delay() until it goes.
SendResult send_patiently(SyslogSocketSink& sink, std::string_view message, std::chrono::seconds limit = 10s) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    SendResult result = sink.send(message);
    while (result == SendResult::retry_later && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(sink.retry_delay());
        result = sink.send(message);
    }
    return result;
}

std::string message_part(const std::string& datagram) {
    const auto end_of_header = datagram.find("]: ");
    return end_of_header == std::string::npos ? std::string() : datagram.substr(end_of_header + 3);
}

}  // namespace

TEST_CASE("syslog sink: messages arrive intact and in order", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    SyslogSocketSink sink(options_for(dir.file("log.sock")));
    REQUIRE(sink.connected());
    for (int i = 0; i < 200; ++i) {
        const std::string message = R"({"n":)" + std::to_string(i) + R"(,"path":"/tmp/caf\u00e9 x","utf8":"é"})";
        REQUIRE(sink.send(message) == SendResult::sent);
        const auto datagram = daemon.receive();
        REQUIRE(datagram);
        CHECK(datagram->starts_with("<14>"));
        CHECK(datagram->find(" audisp-ima[4242]: ") != std::string::npos);
        CHECK(message_part(*datagram) == message);
        CHECK(datagram->size() <= sink.framing().max_header_size() + message.size());
    }
    CHECK(sink.counters().sent == 200);
    CHECK(sink.counters().errors == 0);
    CHECK_FALSE(sink.take_status_change());
}

TEST_CASE("syslog sink: a daemon that stops reading gets retry_later, without blocking", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    SyslogSocketSink sink(options_for(dir.file("log.sock")));
    const std::string message(1000, 'x');
    const auto started = std::chrono::steady_clock::now();
    int accepted = 0;
    SendResult result = SendResult::sent;
    // The socket queue holds some hundreds of these; a blocking send would hang the test here.
    while (accepted < 100000 && (result = sink.send(message)) == SendResult::sent) ++accepted;
    CHECK(result == SendResult::retry_later);
    CHECK(std::chrono::steady_clock::now() - started < 10s);
    CHECK(accepted > 0);
    CHECK(sink.connected());  // busy, not gone
    CHECK(sink.counters().errors == 1);
    CHECK(sink.retry_delay() <= 100ms);
    CHECK(sink.last_error().find("not keeping up") != std::string::npos);
    // The daemon catches up: everything accepted is there, in order, and sending resumes.
    CHECK(daemon.drain() == static_cast<size_t>(accepted));
    CHECK(sink.send("again") == SendResult::sent);
    CHECK(message_part(daemon.receive().value_or("")) == "again");
}

TEST_CASE("syslog sink: daemon gone, then back at the same path", "[syslog_sink]") {
    TempDir dir;
    const std::string path = dir.file("log.sock");
    auto daemon = std::make_unique<Receiver>(path);
    SyslogSocketSink sink(options_for(path));
    REQUIRE(sink.send("before") == SendResult::sent);
    REQUIRE(message_part(daemon->receive().value_or("")) == "before");

    daemon.reset();  // closed and unlinked, as rsyslogd does when it stops
    CHECK(sink.send("during") == SendResult::retry_later);
    CHECK_FALSE(sink.connected());
    CHECK(sink.counters().errors >= 1);
    CHECK_FALSE(sink.last_error().empty());
    const auto lost = sink.take_status_change();
    REQUIRE(lost);
    CHECK(lost->find("connection lost") != std::string::npos);
    CHECK(sink.retry_delay() <= 200ms);
    // While it stays away every attempt fails and is counted; none blocks.
    std::this_thread::sleep_for(sink.retry_delay());
    CHECK(sink.send("during") == SendResult::retry_later);
    CHECK(sink.counters().errors >= 2);
    CHECK(sink.counters().reconnects == 0);

    daemon = std::make_unique<Receiver>(path);  // restarted: a new socket at the same path
    CHECK(send_patiently(sink, "during") == SendResult::sent);
    CHECK(sink.connected());
    CHECK(sink.counters().reconnects == 1);
    CHECK(message_part(daemon->receive().value_or("")) == "during");
    const auto back = sink.take_status_change();
    REQUIRE(back);
    CHECK(back->find("connected again") != std::string::npos);
    CHECK(sink.send("after") == SendResult::sent);
    CHECK(message_part(daemon->receive().value_or("")) == "after");
    CHECK(sink.counters().sent == 3);
}

// The sink's socket is made once, while the plugin still holds CAP_NET_ADMIN for its send
// buffer: reconnecting to a restarted daemon must reuse it. Seen from the process's open
// sockets: after the restart only the daemon's own socket has changed.
TEST_CASE("syslog sink: reconnecting reuses the sink's socket, no new one is made", "[syslog_sink]") {
    TempDir dir;
    const std::string path = dir.file("log.sock");
    auto daemon = std::make_unique<Receiver>(path);
    SyslogSocketSink sink(options_for(path));
    REQUIRE(sink.send("one") == SendResult::sent);
    std::set<ino_t> before = open_socket_inodes();
    REQUIRE(before.erase(daemon->inode()) == 1);

    daemon.reset();
    daemon = std::make_unique<Receiver>(path);
    REQUIRE(sink.send("two") == SendResult::sent);
    CHECK(sink.counters().reconnects == 1);
    CHECK(message_part(daemon->receive().value_or("")) == "two");
    std::set<ino_t> after = open_socket_inodes();
    REQUIRE(after.erase(daemon->inode()) == 1);
    CHECK(after == before);
}

TEST_CASE("syslog sink: a daemon restarted between two messages loses nothing", "[syslog_sink]") {
    TempDir dir;
    const std::string path = dir.file("log.sock");
    auto daemon = std::make_unique<Receiver>(path);
    SyslogSocketSink sink(options_for(path));
    REQUIRE(sink.send("one") == SendResult::sent);
    daemon.reset();
    daemon = std::make_unique<Receiver>(path);  // the old socket closed, the new one already there
    // The failed send reconnects at once instead of waiting out the back-off.
    CHECK(sink.send("two") == SendResult::sent);
    CHECK(message_part(daemon->receive().value_or("")) == "two");
    CHECK(sink.counters().reconnects == 1);
    CHECK(sink.counters().errors == 1);
}

TEST_CASE("syslog sink: no daemon at start is not an error, it connects when one appears", "[syslog_sink]") {
    TempDir dir;
    const std::string path = dir.file("log.sock");
    SyslogSocketSink sink(options_for(path));
    CHECK_FALSE(sink.connected());
    CHECK(sink.last_error().find("No such file or directory") != std::string::npos);
    const auto status = sink.take_status_change();
    REQUIRE(status);
    CHECK(status->find("not connected") != std::string::npos);
    CHECK(sink.send("early") == SendResult::retry_later);

    Receiver daemon(path);
    CHECK(send_patiently(sink, "early") == SendResult::sent);
    CHECK(message_part(daemon.receive().value_or("")) == "early");
    CHECK(sink.counters().reconnects == 0);  // the first connection is not a reconnection
    CHECK(sink.take_status_change().value_or("").find("connected after") != std::string::npos);
}

TEST_CASE("syslog sink: a message larger than any datagram is rejected, the next one goes", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    SyslogSocketSink sink(options_for(dir.file("log.sock")));
    // Above the socket's send buffer (net.core.wmem_default, 208 KiB on Linux).
    CHECK(sink.send(std::string(300 * 1024, 'x')) == SendResult::rejected);
    CHECK(sink.counters().rejected == 1);
    CHECK(sink.counters().errors == 0);
    CHECK(sink.connected());
    CHECK(sink.send("small") == SendResult::sent);
    CHECK(message_part(daemon.receive().value_or("")) == "small");
}

TEST_CASE("syslog sink: the send buffer is raised to fit max_datagram_size", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    SyslogSocketOptions options = options_for(dir.file("log.sock"));
    options.max_datagram_size = 301 * 1024;
    SyslogSocketSink sink(options);
    // Rejected by the default buffer (test above); fits once the buffer is raised. Doubling
    // net.core.wmem_max (208 KiB by default) is enough without privileges.
    const std::string big(300 * 1024, 'y');
    REQUIRE(sink.send(big) == SendResult::sent);
    CHECK(message_part(daemon.receive().value_or("")) == big);
}

TEST_CASE("syslog sink: a path too long for a socket address is refused at once", "[syslog_sink]") {
    CHECK_THROWS_AS(SyslogSocketSink(options_for("/tmp/" + std::string(200, 'p'))), std::invalid_argument);
}

TEST_CASE("make_syslog_sink frames per the settings", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    Settings settings;
    settings.syslog_socket = dir.file("log.sock");
    settings.syslog_header = SyslogHeader::rfc5424;
    settings.syslog_facility = LOG_LOCAL0;  // 16 << 3 = 128, + LOG_INFO 6
    settings.syslog_ident = "ima-test";
    auto sink = make_syslog_sink(settings);
    REQUIRE(sink->send("hello") == SendResult::sent);
    const std::string datagram = daemon.receive().value_or("");
    CHECK(datagram.starts_with("<134>1 "));
    CHECK(datagram.ends_with(" ima-test " + std::to_string(getpid()) + " - - hello"));
}

// The writer hands batches to send_all (one sendmmsg): each message its own datagram, framed,
// in order; where the daemon's queue fills it stops, says how many went, and send() takes over.
TEST_CASE("syslog sink: send_all sends a batch as separate datagrams and stops where the socket is full", "[syslog_sink]") {
    TempDir dir;
    Receiver daemon(dir.file("log.sock"));
    SyslogSocketSink sink(options_for(dir.file("log.sock")));
    REQUIRE(sink.connected());
    std::vector<std::string> batch;
    for (int i = 0; i < 40; ++i) batch.push_back("m" + std::to_string(i) + " " + std::string(i, 'x'));
    // From index 5; the daemon's queue may hold fewer (net.unix.max_dgram_qlen, often 10): what
    // went is read, then the rest goes.
    for (size_t next = 5; next < batch.size();) {
        size_t n = sink.send_all(batch, next);
        REQUIRE(n > 0);
        REQUIRE(next + n <= batch.size());
        for (size_t i = next; i < next + n; ++i) {
            auto datagram = daemon.receive();
            REQUIRE(datagram);
            CHECK(datagram->starts_with("<14>"));
            CHECK(message_part(*datagram) == batch[i]);
        }
        next += n;
    }
    CHECK_FALSE(daemon.receive(50ms));
    CHECK(sink.counters().sent == 35);
    CHECK(sink.send_all(batch, 40) == 0);  // nothing left

    // A daemon that stops reading: batches go until its queue is full, then none.
    std::vector<std::string> big(64, std::string(1000, 'y'));
    size_t went = 0, calls = 0;
    while (calls++ < 100000) {
        size_t n = sink.send_all(big, 0);
        went += n;
        if (n < big.size()) break;
    }
    CHECK(sink.send_all(big, 0) == 0);  // full: the first does not go
    CHECK(sink.send(big[0]) == SendResult::retry_later);  // send() sees it and says so
    CHECK(sink.connected());
    CHECK(daemon.drain() == went);  // everything counted as sent is there
    CHECK(sink.counters().sent == 35 + went);
    CHECK(sink.send_all(big, 60) == 4);  // room again
}

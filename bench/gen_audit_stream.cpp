// gen-audit-stream: writes a synthetic auditd dispatcher stream for benchmarking audisp-ima.
//
// The text is what auditd 3.0.9 hands a `format = string` plugin on Debian 12 (kernel 6.1, IMA
// policy `audit func=BPRM_CHECK mask=MAY_EXEC`, rules `-S execve,execveat -k exec`, AppArmor on):
// one record per '\n'-terminated line, EOE records included. Record layouts follow the kernel's
// audit_log_exit(), audit_log_execve_info(), audit_log_name() and ima_audit_measurement(), so the
// plugin meets the same field order, quoting and hex encoding as in production.
//
// The same seed always gives the same bytes (own PRNG, no clocks). The stderr summary states what
// the plugin should count, so a benchmark can check that nothing was lost.
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace std::literals;

constexpr uint64_t kEpochSeconds = 1795714800;  // 2026-11-26, after the real capture it copies
constexpr uint32_t kUnset = 4294967295u;        // (uint32_t)-1: auid/ses of tasks never logged in
constexpr uint64_t kFirstSerial = 20417;        // a machine that has been up for a while
constexpr uint32_t kPidMax = 4194304;           // /proc/sys/kernel/pid_max on 64-bit

// ------------------------------------------------------------------------------------------------
// Command line

struct Options {
    uint64_t records = 0;
    uint64_t seed = 1;
    std::string node;
    bool enriched = false;
    // Standalone INTEGRITY_RULE events per million events. Not 0 by default: every host has some
    // (kernel usermode helpers, tasks without audit context), and libauparse's cost lies there.
    uint32_t standalone_ppm = 100000;
    bool interleave = false;
    uint64_t events_per_second = 0;  // 0: the default clock, about 500 events per second
};

constexpr const char* kUsage =
    "usage: gen-audit-stream --records N [--seed S] [--node NAME] [--enriched]\n"
    "                        [--standalone-rate PERCENT (default 10)] [--interleave]\n"
    "                        [--events-per-second R]\n"
    "Writes an auditd 3.0.9 dispatcher stream (format = string) of about N records to stdout,\n"
    "stopping at the first event boundary at or past N, and a count summary to stderr.\n";

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "gen-audit-stream: %s\n%s", message.c_str(), kUsage);
    std::exit(2);
}

uint64_t parse_count(std::string_view flag, const char* text) {
    uint64_t value = 0;
    std::string_view s(text);
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc() || end != s.data() + s.size()) usage_error(std::string(flag) + " needs a number");
    return value;
}

uint32_t parse_percent_as_ppm(const char* text) {
    char* end = nullptr;
    double percent = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(percent >= 0.0 && percent <= 100.0)) {
        usage_error("--standalone-rate needs a percentage between 0 and 100");
    }
    return static_cast<uint32_t>(percent * 10000.0 + 0.5);
}

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_records = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg(argv[i]);
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--records") {
            options.records = parse_count(arg, value());
            have_records = true;
        } else if (arg == "--seed") {
            options.seed = parse_count(arg, value());
        } else if (arg == "--node") {
            options.node = value();
            if (options.node.empty() || options.node.find_first_of(" \n") != std::string::npos) {
                usage_error("--node needs a name without spaces");
            }
        } else if (arg == "--enriched") {
            options.enriched = true;
        } else if (arg == "--standalone-rate") {
            options.standalone_ppm = parse_percent_as_ppm(value());
        } else if (arg == "--events-per-second") {
            options.events_per_second = parse_count(arg, value());
            if (options.events_per_second == 0 || options.events_per_second > 2000000)
                usage_error("--events-per-second needs a rate between 1 and 2000000");
        } else if (arg == "--interleave") {
            options.interleave = true;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else {
            usage_error("unknown option " + std::string(arg));
        }
    }
    if (!have_records || options.records == 0) usage_error("--records N (N > 0) is required");
    return options;
}

// ------------------------------------------------------------------------------------------------
// Randomness: splitmix64 is tiny, fast and platform-independent, so a seed names one stream.

class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}

    uint64_t next() {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
    uint64_t between(uint64_t low, uint64_t high) { return low + below(high - low + 1); }
    bool per_mille(uint32_t p) { return below(1000) < p; }
    bool per_million(uint32_t p) { return below(1000000) < p; }

    template <typename Container>
    const auto& pick(const Container& items) { return items[below(std::size(items))]; }

private:
    uint64_t state_;
};

// ------------------------------------------------------------------------------------------------
// Text: appends to one growing buffer, no temporaries, since this runs a million times per second.

void put_dec(std::string& out, uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

void put_signed(std::string& out, int64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

// The kernel's "%lx": lowercase, no padding.
void put_hex(std::string& out, uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
    out.append(digits, end);
}

void put_hex_upper(std::string& out, std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    size_t at = out.size();
    out.resize(at + 2 * bytes.size());
    for (unsigned char c : bytes) {
        out[at++] = kDigits[c >> 4];
        out[at++] = kDigits[c & 15];
    }
}

void put_hex_lower_padded(std::string& out, uint64_t value, int digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kDigits[(value >> shift) & 15];
}

// audit_string_contains_control(): the kernel hex-encodes a value holding any of these.
bool needs_hex(std::string_view value) {
    for (unsigned char c : value) {
        if (c == '"' || c < 0x21 || c > 0x7e) return true;
    }
    return false;
}

// audit_log_untrustedstring(): quoted when harmless, else the whole value as uppercase hex.
void put_untrusted(std::string& out, std::string_view value) {
    if (needs_hex(value)) {
        put_hex_upper(out, value);
    } else {
        out += '"';
        out += value;
        out += '"';
    }
}

std::string_view basename_of(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// ------------------------------------------------------------------------------------------------
// Users as this imaginary host's /etc/passwd knows them (what ENRICHED puts after 0x1D).

std::string_view user_name(uint32_t id) {
    switch (id) {
        case 0: return "root";
        case 33: return "www-data";
        case 999: return "gitlab-runner";
        case 1000: return "alice";
        case 1001: return "bob";
        case kUnset: return "unset";
        default: return "nobody";
    }
}

std::string_view group_name(uint32_t id) {
    switch (id) {
        case 42: return "shadow";
        default: return user_name(id);
    }
}

struct Creds {
    uint32_t auid, uid, gid, euid, suid, fsuid, egid, sgid, fsgid, ses;
    std::string_view tty;
};

Creds plain_creds(uint32_t auid, uint32_t uid, uint32_t gid, uint32_t ses, std::string_view tty) {
    return Creds{auid, uid, gid, uid, uid, uid, gid, gid, gid, ses, tty};
}

// auditd's format_enrich(): after the raw text, one 0x1D, then NAME=interpretation for uid/gid
// (quoted), syscall and arch (bare) fields, in field order, space separated.
class Interp {
public:
    Interp(std::string& out, bool enabled) : out_(out), enabled_(enabled) {}

    void id(std::string_view name, std::string_view value) {
        if (!separate()) return;
        out_ += name;
        out_ += "=\"";
        out_ += value;
        out_ += '"';
    }
    void bare(std::string_view name, std::string_view value) {
        if (!separate()) return;
        out_ += name;
        out_ += '=';
        out_ += value;
    }
    void creds(const Creds& c) {
        id("AUID", user_name(c.auid));
        id("UID", user_name(c.uid));
        id("GID", group_name(c.gid));
        id("EUID", user_name(c.euid));
        id("SUID", user_name(c.suid));
        id("FSUID", user_name(c.fsuid));
        id("EGID", group_name(c.egid));
        id("SGID", group_name(c.sgid));
        id("FSGID", group_name(c.fsgid));
    }

private:
    bool separate() {
        if (!enabled_) return false;
        out_ += started_ ? ' ' : '\x1d';
        started_ = true;
        return true;
    }
    std::string& out_;
    bool enabled_;
    bool started_ = false;
};

// ------------------------------------------------------------------------------------------------
// One audit event's records, kept apart so two events can be interleaved line by line.

struct Stamp {
    uint64_t seconds;
    uint32_t millis;
    uint64_t serial;
};

class EventText {
public:
    // `raw_protocol`: auditd sends RAW logs without node names as dispatcher protocol 0, where the
    // kernel text (with its trailing blank after "):") is passed as is; otherwise it sends its own
    // formatted line, from which format_raw() trimmed that blank. Only EOE shows the difference.
    void start(std::string_view node_prefix, const Stamp& stamp, bool raw_protocol) {
        text_.clear();
        ends_.clear();
        node_prefix_ = node_prefix;
        raw_protocol_ = raw_protocol;
        stamp_text_.assign(" msg=audit(");
        put_dec(stamp_text_, stamp.seconds);
        stamp_text_ += '.';
        stamp_text_ += static_cast<char>('0' + stamp.millis / 100);
        stamp_text_ += static_cast<char>('0' + stamp.millis / 10 % 10);
        stamp_text_ += static_cast<char>('0' + stamp.millis % 10);
        stamp_text_ += ':';
        put_dec(stamp_text_, stamp.serial);
        stamp_text_ += "): ";
    }

    // Starts a record; the caller appends its fields to the returned text, then calls close().
    std::string& open(std::string_view type) {
        text_ += node_prefix_;
        text_ += "type=";
        text_ += type;
        text_ += stamp_text_;
        return text_;
    }
    void close() {
        text_ += '\n';
        ends_.push_back(text_.size());
    }
    void end_of_event() {
        open("EOE");
        if (!raw_protocol_) text_.pop_back();
        close();
    }

    size_t records() const { return ends_.size(); }
    std::string_view record(size_t i) const {
        size_t begin = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(text_).substr(begin, ends_[i] - begin);
    }
    std::string_view text() const { return text_; }

private:
    std::string text_;
    std::vector<size_t> ends_;
    std::string stamp_text_;
    std::string_view node_prefix_;
    bool raw_protocol_ = false;
};

// ------------------------------------------------------------------------------------------------
// Files that get executed.

enum class Kind : uint8_t { dynamic_elf, static_elf, script };

struct Image {
    std::string path;         // d_path(): IMA file= and SYSCALL exe=
    std::string alias;        // a symlink that also reaches it (/bin/sh), or empty
    std::string_view dev;
    uint64_t inode = 0;
    uint32_t mode = 0100755;
    uint32_t ouid = 0;
    uint32_t ogid = 0;
    Kind kind = Kind::dynamic_elf;
    int interpreter = -1;         // scripts: pool index of the #! program
    std::string_view shebang;     // scripts: interpreter as written after #!
    std::string_view shebang_arg;  // scripts: its optional single argument
    bool setuid = false;
    bool file_caps = false;  // cap_net_raw in security.capability, as ping has
    std::string hash;        // sha256 of the contents, 64 lowercase hex digits
    bool measured = false;   // IMA audits an unchanged inode only once
};

constexpr std::string_view kRootDev = "fe:01";
constexpr std::string_view kHomeDev = "fe:02";

// Inode numbers per file system, never reused, so dev+inode always names one file.
class InodeAllocator {
public:
    InodeAllocator(uint64_t root_start, uint64_t home_start) : root_(root_start), home_(home_start) {}
    uint64_t take(std::string_view dev, Rng& rng) {
        uint64_t& next = dev == kHomeDev ? home_ : root_;
        next += rng.between(1, 40);
        return next;
    }

private:
    uint64_t root_;
    uint64_t home_;
};

void fill_hash(std::string& hash, Rng& rng) {
    hash.clear();
    for (int i = 0; i < 4; ++i) put_hex_lower_padded(hash, rng.next(), 16);
}

// Ordinary programs of a Debian 12 developer box, by directory.
constexpr std::string_view kUsrBin =
    "ls cat grep sed find xargs sort uniq head tail wc cut tr date id whoami uname hostname ps top "
    "df du free env sleep true false cp mv rm mkdir rmdir chmod chown ln touch stat readlink "
    "dirname basename tee tar gzip xz zstd bzip2 curl wget ssh scp rsync git make cmake ctest ninja "
    "as ld.bfd ar strip objdump nm systemctl journalctl apt-get apt dpkg dpkg-query dpkg-deb "
    "logger flock timeout nice ionice nproc getent lsblk ip ss dig openssl gpg sha256sum md5sum "
    "base64 diff patch less nano file tput stty clear locale iconv jq git-lfs gdb valgrind "
    "strace ltrace pkg-config install mktemp realpath seq printf expr test yes tac nl od xxd "
    "column comm join paste split fold fmt pr shuf numfmt sha1sum sha512sum cksum sum b2sum "
    "runc containerd docker ctr node npm go gofmt rustc cargo clang-14 clang-format-14 ccache";
constexpr std::string_view kUsrSbin =
    "sshd cron rsyslogd auditctl iptables nft useradd usermod groupadd chpasswd logrotate "
    "unix_chkpwd agetty ldconfig sysctl blkid e2fsck dhclient nginx php-fpm8.2 apache2 postfix "
    "chronyd smartctl";
constexpr std::string_view kUsrLib =
    "/usr/lib/systemd/systemd-logind /usr/lib/systemd/systemd-journald "
    "/usr/lib/systemd/systemd-udevd /usr/lib/openssh/sftp-server /usr/lib/apt/methods/http "
    "/usr/lib/gcc/x86_64-linux-gnu/12/cc1 /usr/lib/gcc/x86_64-linux-gnu/12/cc1plus "
    "/usr/lib/gcc/x86_64-linux-gnu/12/collect2 /usr/lib/git-core/git-remote-https "
    "/usr/libexec/git-core/git-upload-pack";

struct SpecialImage {
    std::string_view path;
    std::string_view alias;
    Kind kind;
    std::string_view shebang;  // scripts only
    std::string_view shebang_arg;
    bool setuid;
    bool file_caps;
};

// Interpreters come first: scripts refer to them by index.
constexpr int kDash = 0, kBash = 1, kPython = 2, kPerl = 3;
constexpr std::array kSpecialImages = {
    SpecialImage{"/usr/bin/dash", "/bin/sh", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/bash", "/bin/bash", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/python3.11", "/usr/bin/python3", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/perl", "", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/mawk", "/usr/bin/awk", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/vim.basic", "/usr/bin/vi", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/gcc-12", "/usr/bin/gcc", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/g++-12", "/usr/bin/g++", Kind::dynamic_elf, "", "", false, false},
    SpecialImage{"/usr/bin/busybox", "", Kind::static_elf, "", "", false, false},
    SpecialImage{"/usr/local/bin/kubectl", "", Kind::static_elf, "", "", false, false},
    SpecialImage{"/usr/local/bin/helm", "", Kind::static_elf, "", "", false, false},
    SpecialImage{"/usr/local/bin/terraform", "", Kind::static_elf, "", "", false, false},
    SpecialImage{"/usr/bin/sudo", "", Kind::dynamic_elf, "", "", true, false},
    SpecialImage{"/usr/bin/su", "", Kind::dynamic_elf, "", "", true, false},
    SpecialImage{"/usr/bin/passwd", "", Kind::dynamic_elf, "", "", true, false},
    SpecialImage{"/usr/bin/mount", "", Kind::dynamic_elf, "", "", true, false},
    SpecialImage{"/usr/bin/ping", "", Kind::dynamic_elf, "", "", false, true},
    SpecialImage{"/usr/bin/which", "", Kind::script, "/bin/sh", "", false, false},
    SpecialImage{"/usr/bin/zgrep", "", Kind::script, "/bin/sh", "", false, false},
    SpecialImage{"/usr/sbin/service", "", Kind::script, "/bin/sh", "", false, false},
    SpecialImage{"/usr/bin/ldd", "", Kind::script, "/bin/bash", "", false, false},
    SpecialImage{"/usr/bin/lsb_release", "", Kind::script, "/usr/bin/python3", "-Es", false, false},
    SpecialImage{"/usr/bin/unattended-upgrade", "", Kind::script, "/usr/bin/python3", "", false, false},
    SpecialImage{"/usr/sbin/update-rc.d", "", Kind::script, "/usr/bin/perl", "", false, false},
};

int interpreter_index(std::string_view shebang) {
    if (shebang == "/bin/sh") return kDash;
    if (shebang == "/bin/bash") return kBash;
    if (shebang == "/usr/bin/python3") return kPython;
    return kPerl;
}

// Names the kernel hex-encodes: blanks, quotes, control bytes, UTF-8, and one invalid byte.
constexpr std::array<std::string_view, 5> kOddDirs = {
    "/opt/Acme Tools/bin/", "/home/alice/bin/", "/srv/\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf/",
    "/usr/local/bin/", "/home/alice/My Projects/d\xc3\xa9mo/"};
constexpr std::array<std::string_view, 10> kOddNames = {
    "acme agent", "pr\xc3\xb6g", "\xc3\xbcn\xc3\xaf\xe2\x9c\x93", "sync tool", "na\xc3\xafve-backup",
    "\xe6\x8a\xa5\xe5\x91\x8a\xe7\x94\x9f\xe6\x88\x90\xe5\x99\xa8", "bad\xffname", "tab\tname",
    "say \"hi\"", "r\xc3\xa9sum\xc3\xa9 builder"};
constexpr size_t kOddPoolSize = 20;
constexpr size_t kPoolSize = 200;
constexpr size_t kFirstSpecial = kOddPoolSize;  // build_pool() adds the odd names first

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find(' ', at);
        if (end == std::string_view::npos) end = text.size();
        if (end > at) words.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return words;
}

// The ~200 programs run again and again: the first kOddPoolSize have names that need hex.
std::vector<Image> build_pool(Rng& rng, InodeAllocator& inodes) {
    std::vector<Image> pool;
    pool.reserve(kPoolSize);
    auto add = [&](std::string path, std::string_view dev, uint32_t owner) -> Image& {
        Image& image = pool.emplace_back();
        image.path = std::move(path);
        image.dev = dev;
        image.inode = inodes.take(dev, rng);
        image.ouid = image.ogid = owner;
        fill_hash(image.hash, rng);
        return image;
    };
    for (size_t i = 0; i < kOddPoolSize; ++i) {
        std::string path(kOddDirs[i % kOddDirs.size()]);
        path += kOddNames[i % kOddNames.size()];
        if (i >= kOddNames.size()) path += "-2";
        bool home = path.starts_with("/home/");
        add(std::move(path), home ? kHomeDev : kRootDev, home ? 1000 : 0);
    }
    for (const auto& special : kSpecialImages) {
        Image& image = add(std::string(special.path), kRootDev, 0);
        image.alias = special.alias;
        image.kind = special.kind;
        image.setuid = special.setuid;
        image.file_caps = special.file_caps;
        if (special.setuid) image.mode = 0104755;
        if (special.kind == Kind::script) {
            image.shebang = special.shebang;
            image.shebang_arg = special.shebang_arg;
            image.interpreter = static_cast<int>(kFirstSpecial) + interpreter_index(special.shebang);
        }
    }
    auto add_words = [&](std::string_view dir, std::string_view words) {
        for (auto word : split_words(words)) {
            if (pool.size() == kPoolSize) return;
            add(std::string(dir) + std::string(word), kRootDev, 0);
        }
    };
    add_words("/usr/bin/", kUsrBin);
    add_words("/usr/sbin/", kUsrSbin);
    add_words("", kUsrLib);
    if (pool.size() != kPoolSize) {
        std::fprintf(stderr, "gen-audit-stream: internal error: pool has %zu programs\n", pool.size());
        std::exit(1);
    }
    return pool;
}

// ------------------------------------------------------------------------------------------------
// Processes that exec things.

struct Profile {
    uint32_t weight;
    uint32_t auid, uid, gid, ses;
    std::string_view tty;
    uint32_t ppid;
    std::string_view comm, exe;  // the image that forked and now execs
    std::string_view cmdline;    // its argv, NUL separated: PROCTITLE after a failed exec
    std::string_view cwd;
    bool path_argv0;  // services pass the full path as argv[0]; shells pass the word typed
};

constexpr size_t kAliceShell = 0, kCron = 3, kBobMake = 5;  // indexes of kProfiles below
constexpr std::array kProfiles = {
    Profile{30, 1000, 1000, 1000, 3, "pts0", 2211, "bash", "/usr/bin/bash", "-bash",
            "/home/alice/src/audisp-ima", false},
    Profile{12, 1000, 0, 0, 3, "pts1", 3120, "bash", "/usr/bin/bash", "-bash", "/root", false},
    Profile{20, kUnset, 0, 0, kUnset, "(none)", 1, "(logrotate)", "/usr/lib/systemd/systemd",
            "/sbin/init", "/", true},
    Profile{10, 0, 0, 0, 41, "(none)", 5120, "sh", "/usr/bin/dash",
            "/bin/sh\0-c\0run-parts --report /etc/cron.hourly"sv, "/root", true},
    Profile{10, kUnset, 33, 33, kUnset, "(none)", 812, "php-fpm8.2", "/usr/sbin/php-fpm8.2",
            "php-fpm: pool www", "/var/www/html", true},
    Profile{18, 1001, 1001, 1001, 5, "pts2", 4410, "make", "/usr/bin/make", "make\0-j2"sv,
            "/home/bob/build/openssl-3.0.11", false},
};

const Profile& pick_profile(Rng& rng) {
    static const uint32_t total = [] {
        uint32_t sum = 0;
        for (const auto& p : kProfiles) sum += p.weight;
        return sum;
    }();
    uint64_t roll = rng.below(total);
    for (const auto& p : kProfiles) {
        if (roll < p.weight) return p;
        roll -= p.weight;
    }
    return kProfiles[0];
}

// ------------------------------------------------------------------------------------------------
// Arguments

constexpr std::array<std::string_view, 44> kPlainArgs = {
    "-l", "-la", "-a", "-v", "-q", "-r", "-n", "-f", "-h", "--help", "--version", "--color=auto",
    "-j2", "-O2", "-c", "-o", "/etc/hosts", "/var/log/syslog", "/etc/passwd", "/tmp",
    "src/main.cpp", "build", "origin", "main", "status", "--porcelain", "HEAD", "install", "-y",
    "s/foo/bar/g", "*.log", "--no-pager", "-u", "root", "www-data", "README.md", "CMakeLists.txt",
    "--output=json", "100", "-9", "/dev/null", "http://deb.debian.org/debian", "-e", "--"};
constexpr std::array<std::string_view, 10> kHexArgs = {
    "hello world", "commit message: fix parser", "na\xc3\xafve", "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln",
    "/tmp/dir with spaces/file.txt", "say \"hi\"", "a\tb", "\xc3\xbcn\xc3\xaf\xe2\x9c\x93",
    "--title=My Report", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"};

// The NUL-separated command line the kernel reads back for PROCTITLE.
std::string join_cmdline(const std::vector<std::string>& argv) {
    std::string line;
    for (const auto& arg : argv) {
        line += arg;
        line += '\0';
    }
    return line;
}

// The kernel's isprint() covers Latin-1 as well (lib/ctype.c).
bool kernel_isprint(unsigned char c) { return (c >= 0x20 && c <= 0x7e) || c >= 0xa0; }

// audit_log_proctitle(): at most 128 bytes of the command line, trailing unprintables cut.
void put_proctitle(std::string& out, std::string_view cmdline) {
    constexpr size_t kMaxProctitle = 128;
    cmdline = cmdline.substr(0, kMaxProctitle);
    size_t end = cmdline.size() - 1;
    while (end > 0 && !kernel_isprint(static_cast<unsigned char>(cmdline[end]))) --end;
    size_t length = end + 1;
    if (!kernel_isprint(static_cast<unsigned char>(cmdline[length - 1]))) --length;
    out += "proctitle=";
    put_untrusted(out, cmdline.substr(0, length));
}

// ------------------------------------------------------------------------------------------------
// Counts, printed so the plugin's own counters can be checked against them.

struct Counters {
    uint64_t records = 0;
    uint64_t bytes = 0;
    uint64_t events = 0;
    uint64_t executions = 0;       // execve events, failed ones included
    uint64_t failed = 0;           // success=no
    uint64_t hash_measured = 0;    // the running image was measured in the same event
    uint64_t hash_cached = 0;      // it was measured in an earlier execution event
    uint64_t no_hash = 0;          // nothing ever measured it (failed execs)
    uint64_t standalone = 0;       // INTEGRITY_RULE events without syscall records
    uint64_t nonexec = 0;          // events with nothing to report
    uint64_t integrity_rules = 0;  // INTEGRITY_RULE records
};

// ------------------------------------------------------------------------------------------------
// Output

class Output {
public:
    explicit Output(std::FILE* file) : file_(file) { buffer_.reserve(kChunk + (1 << 16)); }

    void append(std::string_view text) {
        buffer_ += text;
        if (buffer_.size() >= kChunk) flush();
    }
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            std::perror("gen-audit-stream: write");
            std::exit(1);
        }
        buffer_.clear();
    }

private:
    static constexpr size_t kChunk = 1 << 20;
    std::FILE* file_;
    std::string buffer_;
};

// ------------------------------------------------------------------------------------------------
// The generator

// An openat() on a watched file.
struct OpenCall {
    uint32_t pid, ppid;
    Creds creds;
    bool success;
    int64_t exit;
    std::string_view flags, mode;  // a2 and a3, as the kernel prints them (%lx)
    size_t items;                  // PATH records that follow
    std::string_view comm, exe, key;
};

// What one execve looks like before it is written out.
struct Exec {
    Image* image = nullptr;  // the file named in execve (a script, for scripts)
    const Profile* parent = nullptr;
    std::string invoked;  // the filename argument: PATH name=, source of comm
    std::string_view cwd;
    std::vector<std::string> argv;
    uint32_t pid = 0;
};

class Generator {
public:
    explicit Generator(const Options& options)
        : options_(options), rng_(options.seed), inodes_(131000 + rng_.below(5000), 2097000 + rng_.below(5000)),
          pool_(build_pool(rng_, inodes_)), output_(stdout) {
        if (!options_.node.empty()) node_prefix_ = "node=" + options_.node + " ";
        raw_protocol_ = !options_.enriched && options_.node.empty();
        ld_so_inode_ = inodes_.take(kRootDev, rng_);
        serial_ = kFirstSerial + rng_.below(1000);
        next_pid_ = 30000 + static_cast<uint32_t>(rng_.below(10000));
    }

    void run() {
        // auditd announces itself before anything else reaches a freshly started plugin.
        build_daemon_start(first_);
        write(first_);
        while (counters_.records < options_.records) {
            build_next(first_);
            if (options_.interleave && counters_.records + first_.records() < options_.records) {
                build_next(second_);
                write_interleaved(first_, second_);
            } else {
                write(first_);
            }
        }
        output_.flush();
        std::fflush(stdout);
        print_summary();
    }

private:
    // ---- choosing what happens next ----

    void build_next(EventText& ev) {
        if (rng_.per_million(options_.standalone_ppm)) return build_standalone(ev);
        if (rng_.per_million(20)) return build_daemon_start(ev);  // aggregated streams carry restarts
        uint64_t roll = rng_.below(1000);
        if (roll < 200) return build_nonexec(ev);
        roll = rng_.below(1000);
        if (roll < 50) return build_failed_exec(ev);
        if (roll < 650) return build_pool_exec(ev);
        return build_unique_exec(ev);
    }

    Stamp next_stamp() {
        if (options_.events_per_second) {
            // Uniform gaps with the requested mean: a burst of standalone measurements at a known
            // rate of stream time, which is what libauparse's event timeout counts in.
            clock_us_ += rng_.below(std::max<uint64_t>(2, 2000000 / options_.events_per_second));
            clock_ms_ = std::max(clock_ms_, clock_us_ / 1000);
        } else {
            clock_ms_ += rng_.below(5);  // bursts share a millisecond; the serial tells them apart
        }
        serial_ += rng_.per_mille(100) ? rng_.between(2, 4) : 1;  // serials of unlogged contexts
        return Stamp{kEpochSeconds + clock_ms_ / 1000, static_cast<uint32_t>(clock_ms_ % 1000), serial_};
    }

    uint32_t new_pid() {
        next_pid_ += static_cast<uint32_t>(rng_.between(1, 7));
        if (next_pid_ >= kPidMax) next_pid_ = 300 + next_pid_ % 1000;
        return next_pid_;
    }

    void start(EventText& ev) { ev.start(node_prefix_, next_stamp(), raw_protocol_); }

    // ---- executions ----

    void build_pool_exec(EventText& ev) {
        bool odd = rng_.per_mille(100);
        size_t index = odd ? rng_.below(kOddPoolSize) : kOddPoolSize + rng_.below(pool_.size() - kOddPoolSize);
        Image& image = pool_[index];
        if (image.measured && rng_.per_mille(2)) {
            // Rewritten in place (cp over an installed tool): same inode, new hash, measured anew.
            fill_hash(image.hash, rng_);
            image.measured = false;
        }
        exec_.image = &image;
        exec_.parent = &pick_profile(rng_);
        exec_.cwd = exec_.parent->cwd;
        exec_.invoked = !image.alias.empty() && rng_.per_mille(500) ? image.alias : image.path;
        make_argv(image, odd, true);
        write_exec(ev);
    }

    // A file run once: a fresh build product, a generated script. Rebuilt files get new inodes.
    void build_unique_exec(EventText& ev) {
        Image& image = scratch_;
        image = Image{};
        exec_.invoked.clear();
        bool odd = rng_.per_mille(100);
        size_t profile = odd ? describe_odd_unique(image) : describe_unique(image);
        image.inode = inodes_.take(image.dev, rng_);
        image.ouid = image.ogid = kProfiles[profile].uid;
        fill_hash(image.hash, rng_);
        if (image.kind == Kind::script) {
            image.interpreter = static_cast<int>(kFirstSpecial) + interpreter_index(image.shebang);
        }
        exec_.image = &image;
        exec_.parent = &kProfiles[profile];
        exec_.cwd = exec_.parent->cwd;
        if (exec_.invoked.empty()) exec_.invoked = image.path;
        make_argv(image, odd, false);
        write_exec(ev);
    }

    // Fills in path/kind/dev of an ordinary unique file; returns the profile that runs it.
    size_t describe_unique(Image& image) {
        std::string& path = image.path;
        image.dev = kHomeDev;
        switch (rng_.below(5)) {
            case 0:
                path = "/home/alice/src/audisp-ima/build/CMakeFiles/CMakeScratch/TryCompile-";
                put_hex_lower_padded(path, rng_.next(), 6);
                path += "/cmTC_";
                put_hex_lower_padded(path, rng_.next(), 5);
                return kAliceShell;
            case 1:
                // Relinked on every build: same name, a new inode and hash each time.
                path = "/home/alice/src/audisp-ima/build/tests/unit_tests";
                exec_.invoked = "build/tests/unit_tests";
                return kAliceShell;
            case 2:
                path = "/tmp/go-build";
                put_dec(path, 1000000000 + rng_.below(3000000000));
                path += "/b001/exe/main";
                image.kind = Kind::static_elf;
                image.dev = kRootDev;
                return kAliceShell;
            case 3:
                path = "/home/bob/build/openssl-3.0.11/conftest";
                exec_.invoked = "./conftest";
                return kBobMake;
            default:
                path = "/tmp/tmp.";
                put_hex_lower_padded(path, rng_.next(), 10);
                path += "/job.sh";
                image.kind = Kind::script;
                image.shebang = "/bin/sh";
                image.dev = kRootDev;
                return kCron;
        }
    }

    size_t describe_odd_unique(Image& image) {
        std::string& path = image.path;
        image.dev = kHomeDev;
        switch (rng_.below(3)) {
            case 0: path = "/home/alice/My Projects/d\xc3\xa9mo "; break;
            case 1: path = "/home/alice/dir with spaces/pr\xc3\xb6g \xc3\xbcn\xc3\xaf\xe2\x9c\x93 "; break;
            default: path = "/home/alice/tmp/bad\xff"; break;
        }
        put_dec(path, rng_.below(100000));
        if (rng_.per_mille(300)) {
            path += "/run me.sh";
            image.kind = Kind::script;
            image.shebang = "/bin/bash";
        } else {
            path += "/a.out";
        }
        return kAliceShell;
    }

    void make_argv(const Image& image, bool odd, bool from_path_search) {
        auto& argv = exec_.argv;
        argv.clear();
        if (image.kind == Kind::script) {
            // binfmt_script rewrites argv: interpreter, its #! argument, then the script as named.
            argv.emplace_back(image.shebang);
            if (!image.shebang_arg.empty()) argv.emplace_back(image.shebang_arg);
            argv.push_back(exec_.invoked);
        } else if (from_path_search && !exec_.parent->path_argv0 && !odd) {
            argv.emplace_back(basename_of(exec_.invoked));  // the word typed at the prompt
        } else {
            argv.push_back(exec_.invoked);
        }
        uint32_t shape = static_cast<uint32_t>(rng_.below(10000));
        if (shape < 30) return add_long_argv();
        if (shape < 35) return add_huge_argument();
        uint64_t extra = rng_.below(5);
        for (uint64_t i = 0; i < extra; ++i) {
            if (rng_.per_mille(80)) {
                argv.emplace_back(rng_.pick(kHexArgs));
            } else {
                argv.emplace_back(rng_.pick(kPlainArgs));
            }
        }
    }

    // `xargs rm -f`: enough arguments to spill into a second (or third) EXECVE record.
    void add_long_argv() {
        auto& argv = exec_.argv;
        argv.emplace_back("-f");
        uint64_t count = rng_.between(200, 420);
        for (uint64_t i = 0; i < count; ++i) {
            std::string& arg = argv.emplace_back("build/obj/src/parser/file_");
            put_dec(arg, 10000 + i);
            arg += ".o";
        }
    }

    // One argument longer than the kernel's 7500-byte copy buffer: hex chunks a1[0], a1[1]...
    void add_huge_argument() {
        std::string& data = exec_.argv.emplace_back("--data={\"items\":[");
        uint64_t target = rng_.between(8000, 20000);
        for (uint64_t item = 0; data.size() < target; ++item) {
            data += "{\"id\":";
            put_dec(data, item);
            data += ",\"state\":\"queued\"},";
        }
        data.back() = ']';
        data += '}';
    }

    void write_exec(EventText& ev) {
        Image& image = *exec_.image;
        const Profile& parent = *exec_.parent;
        exec_.pid = new_pid();
        Image* interpreter = image.interpreter >= 0 ? &pool_[static_cast<size_t>(image.interpreter)] : nullptr;
        const Image& running = interpreter ? *interpreter : image;

        start(ev);
        Creds caller = plain_creds(parent.auid, parent.uid, parent.gid, parent.ses, parent.tty);
        bool running_measured_now = !running.measured;
        // BPRM_CHECK measures the script, then its interpreter, each only if not audited before.
        if (!image.measured) write_integrity_rule(ev, image, parent.ppid, exec_.pid, caller, parent.comm, parent.exe);
        if (interpreter && !interpreter->measured) {
            write_integrity_rule(ev, *interpreter, parent.ppid, exec_.pid, caller, parent.comm, parent.exe);
        }
        image.measured = true;
        if (interpreter) interpreter->measured = true;

        Creds creds = caller;
        if (image.setuid) creds.euid = creds.suid = creds.fsuid = 0;
        size_t items = image.kind == Kind::script ? 4 : image.kind == Kind::static_elf ? 2 : 3;
        std::string_view comm = basename_of(exec_.invoked).substr(0, 15);
        write_syscall(ev, parent.ppid, exec_.pid, "59", "execve", true, 0, items, creds, comm, running.path, "exec");
        if (image.file_caps && caller.uid != 0) write_bprm_fcaps(ev);
        write_execve(ev, exec_.argv);
        write_cwd(ev, exec_.cwd);
        write_path(ev, 0, exec_.invoked, image, "NORMAL");
        write_path(ev, 1, exec_.invoked, image, "NORMAL");
        if (interpreter) write_path(ev, 2, image.shebang, *interpreter, "NORMAL");
        if (running.kind == Kind::dynamic_elf) write_ld_so_path(ev, items - 1);
        write_proctitle(ev, join_cmdline(exec_.argv));
        ev.end_of_event();

        ++counters_.executions;
        ++(running_measured_now ? counters_.hash_measured : counters_.hash_cached);
    }

    // A program not on disk (execvp walking $PATH, a typo): no IMA, no EXECVE, PATH without inode.
    void build_failed_exec(EventText& ev) {
        const Profile& parent = pick_profile(rng_);
        static constexpr std::array<std::string_view, 6> kDirs = {
            "/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"};
        static constexpr std::array<std::string_view, 8> kMissing = {
            "python", "pip", "yarn", "docker-compose", "kubectl-1.29", "bazel", "pnpm", "java"};
        std::string& name = exec_.invoked;
        if (rng_.per_mille(100)) {
            name = "/opt/Acme Tools/bin/acme agent-v";
            put_dec(name, rng_.between(1, 9));
        } else if (rng_.per_mille(100)) {
            name = "./configure";
        } else {
            name = rng_.pick(kDirs);
            name += rng_.pick(kMissing);
        }
        exec_.pid = new_pid();
        start(ev);
        Creds creds = plain_creds(parent.auid, parent.uid, parent.gid, parent.ses, parent.tty);
        write_syscall(ev, parent.ppid, exec_.pid, "59", "execve", false, -2, 1, creds, parent.comm, parent.exe, "exec");
        write_cwd(ev, parent.cwd);
        std::string& path = ev.open("PATH");
        path += "item=0 name=";
        put_untrusted(path, name);
        path += " nametype=UNKNOWN cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0";
        ev.close();
        write_proctitle(ev, parent.cmdline);
        ev.end_of_event();
        ++counters_.executions;
        ++counters_.failed;
        ++counters_.no_hash;
    }

    // ---- events without an execution ----

    // IMA measured a file for a task that has no syscall audit context: a kernel usermode helper,
    // or a CI runner excluded with `-a never,task`. No SYSCALL, no EOE: auparse completes it only
    // by timeout.
    void build_standalone(EventText& ev) {
        static constexpr std::array<std::string_view, 2> kHelpers = {"/usr/sbin/modprobe",
                                                                     "/usr/lib/systemd/systemd-coredump"};
        Image& image = scratch_;
        std::string_view comm = "cargo";
        std::string_view exe = "/home/gitlab-runner/.cargo/bin/cargo";
        uint32_t ppid = 7310;
        Creds creds = plain_creds(kUnset, 999, 999, kUnset, "(none)");
        if (helpers_used_ < kHelpers.size()) {
            image.path = kHelpers[helpers_used_++];
            comm = "kworker/u4:1";
            exe = {};
            ppid = 2;
            creds = plain_creds(kUnset, 0, 0, kUnset, "(none)");
        } else if (rng_.per_mille(100)) {
            image.path = "/builds/acme/d\xc3\xa9mo app/target/debug/pr\xc3\xb6g-";
            put_hex_lower_padded(image.path, rng_.next(), 16);
        } else {
            image.path = "/builds/acme/audisp-ima/target/debug/deps/parser_tests-";
            put_hex_lower_padded(image.path, rng_.next(), 16);
        }
        fill_hash(image.hash, rng_);
        exec_.pid = new_pid();
        start(ev);
        write_integrity_rule(ev, image, ppid, exec_.pid, creds, comm, exe);
        ++counters_.standalone;
    }

    void build_nonexec(EventText& ev) {
        ++counters_.nonexec;
        if (rng_.per_mille(450)) return build_file_access(ev);
        build_user_message(ev);
    }

    // Watched files: `-w /etc/shadow -p r -k shadow_read`, `-w /etc/passwd -p wa -k identity`,
    // and a denied open.
    void build_file_access(EventText& ev) {
        uint32_t pid = new_pid();
        start(ev);
        switch (rng_.below(3)) {
            case 0: {
                Creds creds = plain_creds(1000, 1000, 1000, 3, "pts0");
                creds.egid = creds.sgid = creds.fsgid = 42;  // unix_chkpwd is setgid shadow
                write_openat(ev, OpenCall{pid, 2211, creds, true, 3, "80000", "0", 1, "unix_chkpwd",
                                          "/usr/sbin/unix_chkpwd", "shadow_read"});
                write_cwd(ev, "/");
                write_watched_path(ev, 0, "/etc/shadow", 1835, 0100640, 0, 42, "NORMAL");
                write_proctitle(ev, "/usr/sbin/unix_chkpwd\0alice\0nonull"sv);
                break;
            }
            case 1: {
                Creds creds = plain_creds(1000, 0, 0, 3, "pts1");
                write_openat(ev, OpenCall{pid, 3120, creds, true, 4, "241", "1b6", 2, "useradd", "/usr/sbin/useradd",
                                          "identity"});
                write_cwd(ev, "/root");
                write_watched_path(ev, 0, "/etc/", 129, 040755, 0, 0, "PARENT");
                write_watched_path(ev, 1, "/etc/passwd+", inodes_.take(kRootDev, rng_), 0100644, 0, 0, "CREATE");
                write_proctitle(ev, "useradd\0-m\0-s\0/bin/bash\0carol"sv);
                break;
            }
            default: {
                Creds creds = plain_creds(1000, 1000, 1000, 3, "pts0");
                write_openat(ev, OpenCall{pid, 2211, creds, false, -13, "0", "0", 1, "cat", "/usr/bin/cat", "access"});
                write_cwd(ev, "/home/alice/src/audisp-ima");
                write_watched_path(ev, 0, "/etc/shadow", 1835, 0100640, 0, 42, "NORMAL");
                write_proctitle(ev, "cat\0/etc/shadow"sv);
                break;
            }
        }
        ev.end_of_event();
    }

    // PAM messages from sudo, cron and sshd: one record each, no EOE.
    void build_user_message(EventText& ev) {
        struct Scenario {
            uint32_t uid, auid, ses;
            std::string_view acct, exe, hostname, addr, terminal;
        };
        static constexpr std::array<Scenario, 3> kScenarios = {
            Scenario{1000, 1000, 3, "root", "/usr/bin/sudo", "?", "?", "/dev/pts/0"},
            Scenario{0, kUnset, kUnset, "root", "/usr/sbin/cron", "?", "?", "cron"},
            Scenario{0, kUnset, kUnset, "bob", "/usr/sbin/sshd", "192.0.2.10", "192.0.2.10", "ssh"},
        };
        static constexpr std::array<std::string_view, 6> kTypes = {
            "USER_ACCT", "CRED_ACQ", "USER_START", "USER_END", "CRED_DISP", "USER_AUTH"};
        static constexpr std::array<std::string_view, 6> kOps = {
            "PAM:accounting", "PAM:setcred", "PAM:session_open", "PAM:session_close", "PAM:setcred",
            "PAM:authentication"};
        static constexpr std::array<std::string_view, 6> kGrantors = {
            "pam_permit", "pam_permit", "pam_limits,pam_env,pam_env,pam_permit,pam_unix",
            "pam_limits,pam_env,pam_env,pam_permit,pam_unix", "pam_permit", "pam_permit"};
        const Scenario& s = rng_.pick(kScenarios);
        size_t type = rng_.below(kTypes.size());
        bool failed = type == 5 && rng_.per_mille(200);  // a mistyped password

        uint32_t pid = new_pid();
        start(ev);
        std::string& line = ev.open(kTypes[type]);
        line += "pid=";
        put_dec(line, pid);
        line += " uid=";
        put_dec(line, s.uid);
        line += " auid=";
        put_dec(line, s.auid);
        line += " ses=";
        put_dec(line, s.ses);
        line += " subj=unconfined msg='op=";
        line += kOps[type];
        line += " grantors=";
        line += failed ? "?"sv : kGrantors[type];
        line += " acct=";
        put_untrusted(line, s.acct);
        line += " exe=";
        put_untrusted(line, s.exe);
        line += " hostname=";
        line += s.hostname;
        line += " addr=";
        line += s.addr;
        line += " terminal=";
        line += s.terminal;
        line += failed ? " res=failed'"sv : " res=success'"sv;
        Interp interp(line, options_.enriched);
        interp.id("UID", user_name(s.uid));
        interp.id("AUID", user_name(s.auid));
        ev.close();
    }

    // auditd's own record, with auditd's own serial (it keeps no kernel sequence).
    void build_daemon_start(EventText& ev) {
        ++counters_.nonexec;
        clock_ms_ += 1;
        Stamp stamp{kEpochSeconds + clock_ms_ / 1000, static_cast<uint32_t>(clock_ms_ % 1000), rng_.below(10000)};
        clock_ms_ += 1;  // keeps its (time, serial) apart from every kernel event
        ev.start(node_prefix_, stamp, raw_protocol_);
        std::string& line = ev.open("DAEMON_START");
        line += "op=start ver=3.0.9 format=";
        line += options_.enriched ? "enriched"sv : "raw"sv;
        line += " kernel=6.1.0-13-amd64 auid=4294967295 pid=";
        put_dec(line, 400 + rng_.below(400));
        line += " uid=0 ses=4294967295 subj=unconfined  res=success";  // sic: two blanks
        Interp interp(line, options_.enriched);
        interp.id("AUID", "unset");
        interp.id("UID", "root");
        ev.close();
    }

    // ---- record writers (kernel 6.1 layouts) ----

    // audit_log_task_info(): shared by SYSCALL and INTEGRITY_RULE.
    void put_task_info(std::string& line, uint32_t ppid, uint32_t pid, const Creds& c, std::string_view comm,
                       std::string_view exe) {
        line += " ppid=";
        put_dec(line, ppid);
        line += " pid=";
        put_dec(line, pid);
        const std::pair<std::string_view, uint32_t> ids[] = {
            {" auid=", c.auid},   {" uid=", c.uid},   {" gid=", c.gid},   {" euid=", c.euid},  {" suid=", c.suid},
            {" fsuid=", c.fsuid}, {" egid=", c.egid}, {" sgid=", c.sgid}, {" fsgid=", c.fsgid}};
        for (const auto& [name, value] : ids) {
            line += name;
            put_dec(line, value);
        }
        line += " tty=";
        line += c.tty;
        line += " ses=";
        put_dec(line, c.ses);
        line += " comm=";
        put_untrusted(line, comm);
        line += " exe=";
        if (exe.empty()) {
            line += "(null)";  // kernel threads have no mm
        } else {
            put_untrusted(line, exe);
        }
        line += " subj=unconfined";
    }

    // ima_audit_measurement(): pid and comm/exe are the exec'ing process's *previous* image.
    void write_integrity_rule(EventText& ev, const Image& image, uint32_t ppid, uint32_t pid, const Creds& creds,
                              std::string_view comm, std::string_view exe) {
        std::string& line = ev.open("INTEGRITY_RULE");
        line += "file=";
        put_untrusted(line, image.path);
        line += " hash=\"sha256:";
        line += image.hash;
        line += '"';
        put_task_info(line, ppid, pid, creds, comm, exe);
        Interp interp(line, options_.enriched);
        interp.creds(creds);
        ev.close();
        ++counters_.integrity_rules;
    }

    void write_syscall(EventText& ev, uint32_t ppid, uint32_t pid, std::string_view number, std::string_view name,
                       bool success, int64_t exit, size_t items, const Creds& creds, std::string_view comm,
                       std::string_view exe, std::string_view key) {
        std::string& line = ev.open("SYSCALL");
        line += "arch=c000003e syscall=";
        line += number;
        line += success ? " success=yes exit="sv : " success=no exit="sv;
        put_signed(line, exit);
        line += " a0=";
        put_hex(line, 0x550000000000ULL + rng_.below(0x1ffffffffffULL));
        line += " a1=";
        put_hex(line, 0x550000000000ULL + rng_.below(0x1ffffffffffULL));
        line += " a2=";
        put_hex(line, 0x550000000000ULL + rng_.below(0x1ffffffffffULL));
        line += " a3=";
        put_hex(line, rng_.next());
        line += " items=";
        put_dec(line, items);
        put_task_info(line, ppid, pid, creds, comm, exe);
        line += " key=";
        put_untrusted(line, key);
        Interp interp(line, options_.enriched);
        interp.bare("ARCH", "x86_64");
        interp.bare("SYSCALL", name);
        interp.creds(creds);
        ev.close();
    }

    void write_openat(EventText& ev, const OpenCall& call) {
        std::string& line = ev.open("SYSCALL");
        line += "arch=c000003e syscall=257";
        line += call.success ? " success=yes exit="sv : " success=no exit="sv;
        put_signed(line, call.exit);
        line += " a0=ffffff9c a1=";  // AT_FDCWD
        put_hex(line, 0x7ffc00000000ULL + rng_.below(0x3ffffffffULL));
        line += " a2=";
        line += call.flags;
        line += " a3=";
        line += call.mode;
        line += " items=";
        put_dec(line, call.items);
        put_task_info(line, call.ppid, call.pid, call.creds, call.comm, call.exe);
        line += " key=";
        put_untrusted(line, call.key);
        Interp interp(line, options_.enriched);
        interp.bare("ARCH", "x86_64");
        interp.bare("SYSCALL", "openat");
        interp.creds(call.creds);
        ev.close();
    }

    // audit_log_bprm_fcaps(): a non-root user gaining cap_net_raw from ping's file capabilities.
    void write_bprm_fcaps(EventText& ev) {
        std::string& line = ev.open("BPRM_FCAPS");
        line += "fver=2 fp=0000000000002000 fi=0 fe=1 old_pp=0 old_pi=0 old_pe=0 old_pa=0 "
                "pp=0000000000002000 pi=0 pe=0000000000002000 pa=0 frootid=0";
        ev.close();
    }

    // audit_log_execve_info(): arguments fill records of at most 7500 bytes. An argument that does
    // not fit what is left is cut into aN[i] chunks announced by aN_len; one longer than the
    // kernel's 7500-byte copy buffer is always hex-encoded, and its aN_len counts hex digits.
    void write_execve(EventText& ev, const std::vector<std::string>& argv) {
        constexpr size_t kMaxRecord = 7500;
        constexpr size_t kHeadroom = 96 + 8;  // sizeof(abuf) + 8: below this, start a new record
        std::string* line = &ev.open("EXECVE");
        *line += "argc=";
        put_dec(*line, argv.size());
        size_t room = kMaxRecord;
        for (size_t index = 0; index < argv.size(); ++index) {
            std::string_view arg = argv[index];
            bool spans_buffer = arg.size() >= kMaxRecord;
            bool encode = spans_buffer || needs_hex(arg);
            size_t full_length = encode ? 2 * arg.size() : arg.size();
            size_t done = 0;
            for (int chunk = 0; done < arg.size(); ++chunk) {
                if (kHeadroom > room) {
                    ev.close();
                    line = &ev.open("EXECVE");
                    room = kMaxRecord;
                }
                std::string_view rest = arg.substr(done);
                size_t rest_in_record = encode ? 2 * rest.size() : rest.size() + 2;
                size_t header_start = line->size();
                if (spans_buffer || chunk > 0 || rest_in_record + 96 > room) {
                    if (chunk == 0) {
                        *line += " a";
                        put_dec(*line, index);
                        *line += "_len=";
                        put_dec(*line, full_length);
                    }
                    *line += " a";
                    put_dec(*line, index);
                    *line += '[';
                    put_dec(*line, static_cast<uint64_t>(chunk));
                    *line += "]=";
                } else {
                    *line += " a";
                    put_dec(*line, index);
                    *line += '=';
                }
                room -= line->size() - header_start;
                size_t take = rest.size();
                if (encode) {
                    if (rest_in_record > room) take = room / 2;
                    put_hex_upper(*line, rest.substr(0, take));
                    room -= 2 * take;
                } else {
                    if (rest_in_record > room) take = room - 2;
                    *line += '"';
                    *line += rest.substr(0, take);
                    *line += '"';
                    room -= take + 2;
                }
                done += take;
            }
        }
        ev.close();
    }

    void write_cwd(EventText& ev, std::string_view cwd) {
        std::string& line = ev.open("CWD");
        line += "cwd=";
        put_untrusted(line, cwd);
        ev.close();
    }

    void put_path_tail(std::string& line, uint64_t inode, std::string_view dev, uint32_t mode, uint32_t ouid,
                       uint32_t ogid, std::string_view nametype, bool file_caps) {
        line += " inode=";
        put_dec(line, inode);
        line += " dev=";
        line += dev;
        line += " mode=0";
        char digits[16];
        auto end = std::to_chars(digits, digits + sizeof digits, mode, 8).ptr;
        line.append(digits, end);
        line += " ouid=";
        put_dec(line, ouid);
        line += " ogid=";
        put_dec(line, ogid);
        line += " rdev=00:00 nametype=";
        line += nametype;
        line += file_caps ? " cap_fp=0000000000002000 cap_fi=0 cap_fe=1 cap_fver=2 cap_frootid=0"sv
                          : " cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0"sv;
        Interp interp(line, options_.enriched);
        interp.id("OUID", user_name(ouid));
        interp.id("OGID", group_name(ogid));
    }

    void write_path(EventText& ev, size_t item, std::string_view name, const Image& image, std::string_view nametype) {
        std::string& line = ev.open("PATH");
        line += "item=";
        put_dec(line, item);
        line += " name=";
        put_untrusted(line, name);
        put_path_tail(line, image.inode, image.dev, image.mode, image.ouid, image.ogid, nametype, image.file_caps);
        ev.close();
    }

    void write_ld_so_path(EventText& ev, size_t item) {
        std::string& line = ev.open("PATH");
        line += "item=";
        put_dec(line, item);
        line += " name=\"/lib64/ld-linux-x86-64.so.2\"";
        put_path_tail(line, ld_so_inode_, kRootDev, 0100755, 0, 0, "NORMAL", false);
        ev.close();
    }

    void write_watched_path(EventText& ev, size_t item, std::string_view name, uint64_t inode, uint32_t mode,
                            uint32_t ouid, uint32_t ogid, std::string_view nametype) {
        std::string& line = ev.open("PATH");
        line += "item=";
        put_dec(line, item);
        line += " name=";
        put_untrusted(line, name);
        put_path_tail(line, inode, kRootDev, mode, ouid, ogid, nametype, false);
        ev.close();
    }

    void write_proctitle(EventText& ev, std::string_view cmdline) {
        std::string& line = ev.open("PROCTITLE");
        put_proctitle(line, cmdline);
        ev.close();
    }

    // ---- output ----

    void write(const EventText& ev) {
        output_.append(ev.text());
        ++counters_.events;
        counters_.records += ev.records();
        counters_.bytes += ev.text().size();
    }

    // Two CPUs finishing syscalls at once: their records reach auditd mixed, each event in order.
    void write_interleaved(const EventText& a, const EventText& b) {
        size_t i = 0, j = 0;
        while (i < a.records() || j < b.records()) {
            bool take_a = j == b.records() || (i < a.records() && rng_.per_mille(500));
            output_.append(take_a ? a.record(i++) : b.record(j++));
        }
        counters_.events += 2;
        counters_.records += a.records() + b.records();
        counters_.bytes += a.text().size() + b.text().size();
    }

    void print_summary() const {
        const Counters& c = counters_;
        std::fprintf(stderr,
                     "gen-audit-stream: records=%llu events=%llu executions=%llu failed=%llu hash_measured=%llu "
                     "hash_cached=%llu no_hash=%llu standalone_measurements=%llu nonexec=%llu integrity_rules=%llu "
                     "bytes=%llu\n",
                     static_cast<unsigned long long>(c.records), static_cast<unsigned long long>(c.events),
                     static_cast<unsigned long long>(c.executions), static_cast<unsigned long long>(c.failed),
                     static_cast<unsigned long long>(c.hash_measured), static_cast<unsigned long long>(c.hash_cached),
                     static_cast<unsigned long long>(c.no_hash), static_cast<unsigned long long>(c.standalone),
                     static_cast<unsigned long long>(c.nonexec), static_cast<unsigned long long>(c.integrity_rules),
                     static_cast<unsigned long long>(c.bytes));
    }

    Options options_;
    Rng rng_;
    InodeAllocator inodes_;
    std::vector<Image> pool_;
    Image scratch_;
    Exec exec_;
    EventText first_;
    EventText second_;
    Output output_;
    Counters counters_;
    std::string node_prefix_;
    bool raw_protocol_ = true;
    uint64_t ld_so_inode_ = 0;
    uint64_t clock_ms_ = 0;
    uint64_t clock_us_ = 0;
    uint64_t serial_ = 0;
    uint32_t next_pid_ = 0;
    size_t helpers_used_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    Options options = parse_options(argc, argv);
    Generator(options).run();
    return 0;
}

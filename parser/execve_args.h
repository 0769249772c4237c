// EXECVE (1309) argument lists and PROCTITLE (1327).
//
// A long argv is split over several EXECVE records of one event; only the first carries argc.
// An argument longer than the kernel's chunk size is written as a<N>_len=<chars> a<N>[0]=<part>
// a<N>[1]=<part> ... where <chars> counts the characters as printed (hex digits when the argument
// is hex-encoded). Arguments are untrusted strings (quoted or hex).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parser/audit_record.h"

namespace audisp_ima {

class ExecveArgs {
public:
    // Adds the arguments of one EXECVE record; records must be added in arrival order.
    void add(const AuditRecord& record);

    std::optional<uint64_t> argc() const { return argc_; }
    // Arguments in order, decoded. An argument whose number never arrived is empty.
    std::vector<std::string> args() const;
    // True when argc says more arguments exist than arrived, or a chunked argument is short.
    bool incomplete() const;
    bool empty() const { return slots_.empty() && !argc_; }

private:
    struct Slot {
        bool seen = false;
        std::string value;          // whole argument (aN=), raw
        std::optional<uint64_t> expected_chars;  // aN_len=
        std::string chunks;         // concatenated aN[i] parts, quotes removed
        bool chunks_quoted = false;
        bool chunked = false;
    };
    Slot& slot(uint64_t index);
    bool out_of_order_ = false;  // an argument index past argc, or skipping ahead

    std::optional<uint64_t> argc_;
    std::vector<Slot> slots_;
};

// PROCTITLE value: hex of the NUL-separated argv (or quoted when printable); returns the arguments.
std::vector<std::string> decode_proctitle(const AuditRecord& record);
// The kernel logs at most 128 bytes of the command line (MAX_PROCTITLE_AUDIT_LEN,
// kernel/auditsc.c): a value of that length is taken as cut (it is, unless argv is exactly that long).
constexpr size_t kProctitleMaxBytes = 128;
bool proctitle_may_be_cut(const AuditRecord& record);

}  // namespace audisp_ima

// What libauparse 3.0.9 cannot take, read from its source (auparse/auparse.c extract_timestamp,
// auparse/ellist.c parse_up_record). Lines it would drop, misgroup or leak on are caught here,
// before they are fed, so that each one is either delivered or counted with its reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "parser/record_header.h"

namespace audisp_ima {

// libauparse copies only the first 340 bytes of a line that starts with 'n' (80 otherwise) to
// find the timestamp. A longer header is dropped, or worse: a serial cut short joins another event.
constexpr size_t kAuparseHeaderWithNode = 340;
constexpr size_t kAuparseHeaderWithoutNode = 80;
// Node names longer than this are fed under a short alias (the 60 KB name still comes out whole).
constexpr size_t kAuparseMaxFedNode = 64;

// nullopt when libauparse will parse `line` (as it will be fed, `header` from it) into the record
// it says and hand out its fields; otherwise why not.
std::optional<std::string_view> auparse_blind_spot(std::string_view line, const RecordHeader& header);
// True when libauparse reads `type_name` (as in the header) as EOE: it upper-cases a name, drops
// trailing punctuation and reads numbers, so "eoe", "EOE:" and "1320" are EOE to it too.
bool auparse_reads_eoe(std::string_view type_name);
// True when `reason` is one auparse_blind_spot gives: lets the differential tests tell these
// refusals (the native source takes such lines, but for kEnrichmentInHeader) from the others.
bool is_auparse_blind_spot_reason(std::string_view reason);

// Long node names (and any name that looks like an alias) are fed as "\x01" + number; events come
// back under the alias and are renamed. Two generations bound memory on a stream of ever-new
// names; an alias is never reused, so a forgotten one cannot name the wrong host.
class NodeAliases {
public:
    static bool needs_alias(std::string_view node) {
        return node.size() > kAuparseMaxFedNode || (!node.empty() && node.front() == kMark);
    }
    // The alias `node` is fed under (created on first use).
    const std::string& alias_for(std::string_view node);
    // The real name behind a fed name; `fed` unchanged when it is no alias. False when the alias
    // was forgotten (more than two generations of new long names while its event was open).
    bool restore(std::string& fed) const;

private:
    static constexpr char kMark = '\x01';
    static constexpr size_t kGenerationBytes = 4 << 20;
    struct Generation {
        std::unordered_map<std::string, std::string> alias_of;  // name -> alias
        std::unordered_map<std::string, std::string> name_of;   // alias -> name
        size_t bytes = 0;
    };
    Generation current_, previous_;
    uint64_t next_ = 0;
};

}  // namespace audisp_ima

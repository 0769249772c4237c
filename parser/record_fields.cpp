#include "parser/record_fields.h"

#include <libaudit.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

// Words of the record, as audit_strsplit_r cuts them: at single spaces, runs of spaces skipped.
// Only ' ' separates (a tab is part of a word).
class Words {
public:
    explicit Words(std::string_view text) : rest_(text) {}
    bool next(std::string_view& word) {
        while (!rest_.empty() && rest_.front() == ' ') rest_.remove_prefix(1);
        if (rest_.empty()) return false;
        size_t end = rest_.find(' ');
        word = rest_.substr(0, end);
        rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end);
        return true;
    }

private:
    std::string_view rest_;
};

// One character each of ':', ',', '\'' then ')' comes off the end, in that order: the punctuation
// of "msg='... res=success'" and "(seqno=2)". "(none)" and "(null)" are values and keep theirs.
std::string_view strip_trailing_punctuation(std::string_view value) {
    auto strip = [&value](char c) {
        if (!value.empty() && value.back() == c) value.remove_suffix(1);
    };
    strip(':');
    strip(',');
    strip('\'');
    if (!value.empty() && value.back() == ')' && value != "(none)" && value != "(null)") value.remove_suffix(1);
    return value;
}

// How many bytes of `text` are `byte`, eight at a time: this sizes every record's field list, and
// a byte loop over the record was 7% of the plugin's instructions. A byte of a word is equal when
// its XOR with `byte` is zero; the exact zero-byte test (no borrow between bytes) marks each such
// byte's high bit, and a multiply sums those bits into the top byte (no popcnt in baseline x86-64).
size_t count_byte(std::string_view text, char byte) {
    constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
    const uint64_t pattern = 0x0101010101010101ULL * static_cast<unsigned char>(byte);
    size_t count = 0;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        uint64_t x = word ^ pattern;
        uint64_t equal = ~(((x & kLow7) + kLow7) | x | kLow7) >> 7;  // 1 in each equal byte
        count += static_cast<size_t>((equal * 0x0101010101010101ULL) >> 56);
    }
    for (; i < text.size(); ++i) count += text[i] == byte;
    return count;
}

// A key as libauparse re-encodes one it decoded: quoted when it is plain printable ASCII without
// '"', otherwise all of it as upper-case hex (the kernel's encoding of an untrusted string).
std::string encoded_key(std::string_view key) {
    bool plain = true;
    for (unsigned char c : key)
        if (c == '"' || c < 0x21 || c > 0x7e) plain = false;
    if (plain) return "\"" + std::string(key) + "\"";
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string hex;
    hex.reserve(2 * key.size());
    for (unsigned char c : key) hex.append(1, kDigits[c >> 4]).append(1, kDigits[c & 15]);
    return hex;
}

bool is_avc(int type) { return type == AUDIT_AVC || type == AUDIT_USER_AVC; }

int type_number(std::string_view name) {
    // The names of an execution's records, which are most of the stream, by their libaudit
    // numbers (what its table gives for exactly these names; the unit test holds them equal):
    // asked twice a record, the table's search and the C string it needs were a visible cost.
    switch (name.size()) {
        case 3: if (name == "EOE") return AUDIT_EOE; if (name == "CWD") return AUDIT_CWD; break;
        case 4: if (name == "PATH") return AUDIT_PATH; break;
        case 6: if (name == "EXECVE") return AUDIT_EXECVE; break;
        case 7: if (name == "SYSCALL") return AUDIT_SYSCALL; break;
        case 9: if (name == "PROCTITLE") return AUDIT_PROCTITLE; break;
        case 14: if (name == "INTEGRITY_RULE") return AUDIT_INTEGRITY_RULE; break;
        default: break;
    }
    // libaudit's table is the one auditd names types from; it also reads "UNKNOWN[1805]" and "1805".
    return audit_name_to_msg_type(std::string(name).c_str());
}

// What libauparse keeps of one line. `counted` is its field count, which decides where the node
// and type prefixes and AVC's unlabelled words are: the prefixes are counted but not handed out.
class FieldSplitter {
public:
    FieldSplitter(AuditRecord& record, EventText& text) : record_(record), text_(text) {}

    void split(std::string_view text) {
        Words words(text);
        std::string_view word;
        while (words.next(word)) {
            size_t eq = word.find('=');
            if (eq == std::string_view::npos) {
                if (is_avc(record_.type)) avc_word(word, words);
                continue;
            }
            if (word.substr(0, 4) == "msg=" && word.size() > 4) {
                if (word[4] == 'a') continue;  // msg=audit(S.MS:N): is the header, not a field
                if (word[4] == '\'') {         // msg='op=... : a user message's first field
                    word.remove_prefix(5);
                    eq = word.find('=');
                    if (eq == std::string_view::npos) continue;
                }
            }
            std::string_view name = word.substr(0, eq);
            std::string_view value = word.substr(eq + 1);
            if (!name.empty() && name.front() == '(') name.remove_prefix(1);
            if (value.empty()) continue;  // tested before the punctuation comes off: "a=:" stays, empty
            value = strip_trailing_punctuation(value);
            if (name == "key" && (value.empty() || value.front() != '(')) {
                if (!value.empty() && value.front() == '"') add("key", value);
                else hex_keys(value);
                continue;
            }
            named(name, value);
        }
    }

private:
    void add(std::string_view name, std::string_view value) {
        ++counted_;
        record_.fields.push_back({name, value});
    }

    void named(std::string_view name, std::string_view value) {
        ++counted_;
        if (counted_ == 1 && name == "node") {
            node_offset_ = 1;
            return;
        }
        if (counted_ == 1 + node_offset_ && name == "type") {
            record_.type = type_number(value);  // value is stripped already: record_type_number's rule
            if (const char* canonical = audit_msg_type_to_name(record_.type)) record_.type_name = canonical;
            return;
        }
        record_.fields.push_back({name, value});
    }

    // key=HEX: the kernel's encoding of several keys joined by 0x01. The leading hex digits are
    // decoded (an odd last digit as the high half of a byte) up to the first NUL byte, split at
    // 0x01 (empty pieces dropped), and each piece re-encoded. Fewer than two digits: one key
    // without a value.
    void hex_keys(std::string_view value) {
        size_t digits = 0;
        while (digits < value.size() && field_value::is_hex_digit(value[digits])) ++digits;
        if (digits < 2) return add("key", "");
        std::string decoded;
        for (size_t i = 0; i < digits; i += 2) {
            unsigned byte = field_value::hex_digit_value(value[i]) << 4 |
                            (i + 1 < digits ? field_value::hex_digit_value(value[i + 1]) : 0);
            if (byte == 0) break;
            decoded.push_back(static_cast<char>(byte));
        }
        std::string_view rest = decoded;
        while (!rest.empty()) {
            size_t sep = rest.find(kKeySeparator);
            std::string_view piece = rest.substr(0, sep);
            if (!piece.empty()) add("key", text_.keep(encoded_key(piece)));
            if (sep == std::string_view::npos) break;
            rest.remove_prefix(sep + 1);
        }
    }

    // SELinux AVC text names two of its words by place: "avc:  denied  { read write } for ...".
    void avc_word(std::string_view word, Words& words) {
        if (counted_ == 1 + node_offset_) {
            if (word.substr(0, 3) == "avc") return;
            return add("seresult", word);
        }
        // Any other word here is dropped uncounted (libauparse gives it no name, and nvlist_append
        // refuses a nameless field), so the first "{" after the result still opens the list.
        if (counted_ != 2 + node_offset_ || word.front() != '{') return;
        // The words after "{" up to one starting with "}" (the rest of the "{" word is lost, as
        // in libauparse), joined by ','. libauparse drops the record past 255 bytes; no limit here.
        std::string perms;
        std::string_view item;
        while (words.next(item) && item.front() != '}') {
            if (!perms.empty()) perms.push_back(',');
            perms.append(item);
        }
        add("seperms", text_.keep(std::move(perms)));
    }

    AuditRecord& record_;
    EventText& text_;  // for the values that are not in the line (re-encoded keys, AVC permissions)
    size_t counted_ = 0;
    size_t node_offset_ = 0;
};

}  // namespace

void split_record_fields(std::string_view line, AuditRecord& record, EventText& text) {
    record.type = 0;
    record.type_name = {};
    record.fields.clear();
    record.enrichment = {};
    size_t separator = line.find(kEnrichmentSeparator);
    std::string_view body = line.substr(0, separator);
    if (separator != std::string_view::npos) record.enrichment = line.substr(separator + 1);
    // At most one field per '=' (a SYSCALL record has ~30): the vector is sized once, not regrown.
    record.fields.reserve(count_byte(body, '='));
    FieldSplitter(record, text).split(body);
}

int record_type_number(std::string_view token) { return type_number(strip_trailing_punctuation(token)); }

bool ends_event(int type) {
    return type == AUDIT_EOE || type == AUDIT_PROCTITLE || type < AUDIT_FIRST_EVENT ||
           type >= AUDIT_FIRST_ANOM_MSG || type == AUDIT_KERNEL ||
           (type >= AUDIT_MAC_UNLBL_ALLOW && type <= AUDIT_MAC_CALIPSO_DEL);
}

}  // namespace audisp_ima

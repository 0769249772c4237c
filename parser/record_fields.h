// Splits one audit record line into its type and name=value fields, by the rules libauparse 3.0.9
// applies (auparse/ellist.c parse_up_record), so that the decoders see the same fields whichever
// EventSource read the stream. Written from reading those rules, not from its code; see
// tests/unit/test_native_source.cpp for each rule with its example.
#pragma once

#include <string_view>

#include "parser/audit_record.h"
#include "parser/record_header.h"

namespace audisp_ima {

// auditd's enrichment separator: what follows it is auditd's interpretation, not the record.
inline constexpr char kEnrichmentSeparator = '\x1d';
// Why both sources refuse a line with kEnrichmentSeparator in its header: libauparse would cut it
// there, leaving a record without a type, so neither takes it (one reason, so both count it alike).
inline constexpr std::string_view kEnrichmentInHeader = "0x1D (auditd's enrichment separator) inside the record header";
// The test behind kEnrichmentInHeader, on the names as read (before the libauparse source swaps a
// long node name for an alias, which would hide the byte); the stamp is digits. Both sources ask
// it first, before any other check, so that both give one line the same reason.
inline bool header_has_enrichment_separator(const RecordHeader& header) {
    return header.key.node.find(kEnrichmentSeparator) != std::string::npos ||
           header.type_name.find(kEnrichmentSeparator) != std::string_view::npos;
}
// auditd's separator between several keys of one rule (key=hex of "a\x01b").
inline constexpr char kKeySeparator = '\x01';

// Fills `record` from `line`, a line whose header parse_record_header accepted ("[node=N ]type=T
// msg=audit(S.MS:N): ..."). The node= and type= prefix tokens become record.type and
// record.type_name (libaudit's number and canonical name; -1 and "" for a name it does not know),
// not fields; what follows the first 0x1D is no field but record.enrichment. Never fails: a word it
// cannot use is skipped, as libauparse skips it. The fields view `line`, which must outlive them
// (normally it is in `text`); the few values that are not in the line (re-encoded keys, AVC
// permissions) are added to `text`.
void split_record_fields(std::string_view line, AuditRecord& record, EventText& text);

// The type number split_record_fields gives a record whose header says type=`token` (libaudit's
// number for the name without its trailing punctuation; -1 when libaudit does not know it).
int record_type_number(std::string_view token);

// libauparse's test for an event that is complete with the record just added, whatever follows
// (auparse/auparse.c au_check_events): EOE, PROCTITLE, and the types that are events of one record.
bool ends_event(int type);

}  // namespace audisp_ima

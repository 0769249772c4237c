// Test helper: one audit log line -> AuditRecord, without libauparse, so decoder tests can be
// written from record text. Values are kept raw, as libauparse's auparse_get_field_str gives them.
// Only for well-formed test input; production parsing goes through an EventSource. The record's
// fields view a copy of `line` that lives as long as the test binary.
#pragma once

#include <string_view>

#include "parser/audit_record.h"

namespace audisp_ima::test {

AuditRecord record_from_line(std::string_view line);

}  // namespace audisp_ima::test

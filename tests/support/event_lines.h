// Test helper: audit log lines -> one AuditEvent (key from the first line), without libauparse.
#pragma once

#include <string>
#include <vector>

#include "parser/audit_record.h"
#include "parser/record_header.h"
#include "tests/support/record_line.h"

namespace audisp_ima::test {

inline AuditEvent event_from_lines(const std::vector<std::string>& lines) {
    AuditEvent event;
    RecordHeader header;
    if (!lines.empty() && !parse_record_header(lines.front(), header)) event.key = header.key;
    for (const auto& line : lines) event.records.push_back(record_from_line(line));
    return event;
}

}  // namespace audisp_ima::test

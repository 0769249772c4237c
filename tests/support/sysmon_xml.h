// Test helper: one line of the Sysmon format read with a real XML parser (expat), and checked
// against the layout Sysmon for Linux writes (its outputxml.cpp: Event > System, EventData; the
// System children in a fixed order), independently of the formatter.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audisp_ima::test {

struct SysmonEvent {
    std::string provider_name, provider_guid;
    std::string event_id, version, level, task, opcode, keywords;
    std::string system_time, record_id, process_id, thread_id, channel, computer, user_id;
    std::vector<std::pair<std::string, std::string>> data;  // Data Name -> text, in line order

    const std::string* find(std::string_view name) const {
        for (const auto& [n, v] : data)
            if (n == name) return &v;
        return nullptr;
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& item : data) out.push_back(item.first);
        return out;
    }
};

// Throws std::runtime_error (with the reason) on: anything expat rejects (not well-formed, invalid
// UTF-8, a character XML does not allow), a line break or any byte below 0x20 in the line, an XML
// declaration, a DOCTYPE, comments or processing instructions, a root other than Event, children
// other than System then EventData, System's children not exactly Provider EventID Version Level
// Task Opcode Keywords TimeCreated EventRecordID Correlation Execution Channel Computer Security
// in that order with their attributes, an element of EventData other than Data with one Name
// attribute, a repeated or empty Name, character data outside the elements that hold text.
SysmonEvent parse_sysmon_xml(std::string_view line);

}  // namespace audisp_ima::test

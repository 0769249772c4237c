// Test helper: what every message of each format must hold beyond parsing, written from each
// format's own rules (ECS's required and categorization fields; CEF's header and the standard's
// key lengths; LEEF 2.0 and QRadar's devTime; OCSF 1.8.0's required attributes; Sysmon for Linux's layout), independently of the
// formatters. Each returns "" when the line has everything, else what it lacks; the strict
// parsers' errors come out as exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audisp_ima::test {

std::string json_missing(const std::string& line);
std::string cef_missing(const std::string& line);
// The keys of a CEF line over their standard length, "key (N characters)" each.
std::vector<std::string> cef_overlong(const std::string& line);
std::string leef_missing(const std::string& line);
// OCSF 1.8.0's required attributes and object constraints, for the classes audisp-ima writes.
std::string ocsf_missing(const std::string& line);
// `serial`, when known, is the audit serial the EventRecordID must be.
std::string sysmon_missing(const std::string& line, std::optional<uint64_t> serial = std::nullopt);

// All of a format's checks, strict parse first ("json", "cef", "leef", "ocsf", "sysmon"): "" when the
// line passes, else the first reason it does not.
std::string message_problems(std::string_view format, const std::string& line,
                             std::optional<uint64_t> serial = std::nullopt);

}  // namespace audisp_ima::test

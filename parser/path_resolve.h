// Lexical path resolution, so PATH names ("./tool", "../bin/x") can be compared with the absolute
// paths IMA and SYSCALL exe= report. No filesystem access: the files are on the audited host.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace audisp_ima {

// Removes "." and ".." components and repeated '/'. Input must be absolute.
std::string normalize_absolute(std::string_view path);
// `name` if absolute, else cwd + "/" + name when cwd is known and absolute; normalized.
std::optional<std::string> resolve_against(std::string_view name, const std::optional<std::string>& cwd);
// Last component of a path ("/usr/bin/ls" -> "ls"; "/" -> "/").
std::string_view base_name(std::string_view path);

}  // namespace audisp_ima

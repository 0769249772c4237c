#include "parser/path_resolve.h"

#include <vector>

namespace audisp_ima {

namespace {

// True when normalizing gives `path` back: absolute, no empty, "." or ".." segment, no trailing
// '/' ("/" itself aside). Nearly every name is, and one scan is cheaper than splitting and joining.
bool is_normal_absolute(std::string_view path) {
    if (path.empty() || path.front() != '/') return false;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
        if (path[i] != '/') continue;
        size_t rest = path.size() - i - 1;  // bytes after this '/'
        char first = path[i + 1];
        if (first == '/') return false;
        if (first != '.') continue;
        if (rest == 1 || path[i + 2] == '/') return false;                               // "."
        if (path[i + 2] == '.' && (rest == 2 || path[i + 3] == '/')) return false;       // ".."
    }
    return path.size() == 1 || path.back() != '/';
}

}  // namespace

std::string normalize_absolute(std::string_view path) {
    if (is_normal_absolute(path)) return std::string(path);
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view part = path.substr(pos, slash - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = slash + 1;
    }
    std::string out;
    for (auto part : parts) out.append("/").append(part);
    return out.empty() ? std::string("/") : out;
}

std::optional<std::string> resolve_against(std::string_view name, const std::optional<std::string>& cwd) {
    if (!name.empty() && name.front() == '/') return normalize_absolute(name);
    if (!cwd || cwd->empty() || cwd->front() != '/') return std::nullopt;
    std::string joined = *cwd;
    joined.push_back('/');
    joined.append(name);
    return normalize_absolute(joined);
}

std::string_view base_name(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos || path.size() == 1) return path;
    return path.substr(slash + 1);
}

}  // namespace audisp_ima

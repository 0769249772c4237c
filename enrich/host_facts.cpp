#include "enrich/host_facts.h"

#include <array>
#include <utility>
#include <vector>

namespace audisp_ima {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// A value as os-release(5) writes it: bare, 'single quoted', or "double quoted" with \" \\ \$ \`
// escapes. An unterminated quote makes no value.
bool unquote(std::string_view raw, std::string& out) {
    out.clear();
    if (raw.empty() || (raw.front() != '"' && raw.front() != '\'')) {
        out.assign(raw);
        return true;
    }
    const char quote = raw.front();
    for (size_t i = 1; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == quote) return i + 1 == raw.size();  // nothing may follow the closing quote
        if (quote == '"' && c == '\\' && i + 1 < raw.size()) c = raw[++i];
        out.push_back(c);
    }
    return false;
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        size_t space = text.find(' ');
        if (space != 0) out.push_back(text.substr(0, space));
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    return out;
}

// ECS's host.os.family names the distribution family ("debian", "redhat"), not the
// distribution: the ids of os-release that belong to each, as Elastic's go-sysinfo groups them.
std::string family_of(std::string_view id, std::string_view id_like) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kFamilies{{
        {"debian", "debian"}, {"ubuntu", "debian"},   {"raspbian", "debian"}, {"linuxmint", "debian"},
        {"rhel", "redhat"},   {"redhat", "redhat"},   {"centos", "redhat"},   {"fedora", "redhat"},
        {"rocky", "redhat"},  {"almalinux", "redhat"}, {"ol", "redhat"},      {"amzn", "redhat"},
        {"suse", "suse"},     {"opensuse", "suse"},   {"sles", "suse"},       {"arch", "arch"},
        {"alpine", "alpine"},
    }};
    std::vector<std::string_view> candidates{id};
    for (std::string_view like : words(id_like)) candidates.push_back(like);
    for (std::string_view candidate : candidates)
        for (const auto& [known, family] : kFamilies)
            if (candidate == known) return std::string(family);
    auto like = words(id_like);
    return std::string(like.empty() ? id : like.front());
}

}  // namespace

void read_os_release(std::string_view text, HostFacts& facts) {
    std::string id, id_like, value;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.empty() || line.front() == '#') continue;
        size_t eq = line.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        std::string_view key = line.substr(0, eq);
        if (!unquote(line.substr(eq + 1), value)) continue;
        if (key == "ID") id = value;
        else if (key == "ID_LIKE") id_like = value;
        else if (key == "NAME") facts.os_name = value;
        else if (key == "VERSION_ID") facts.os_version = value;
    }
    facts.os_platform = id;
    if (!id.empty() || !id_like.empty()) facts.os_family = family_of(id, id_like);
}

std::string machine_id_from(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (text.size() != 32) return "";
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return "";
    return std::string(text);
}

}  // namespace audisp_ima

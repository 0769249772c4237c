#include "parser/exec_layout.h"

#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

bool same_file(const PathRecord& a, const PathRecord& b) { return a.dev == b.dev && a.inode == b.inode; }

}  // namespace

ExecLayout find_exec_layout(const std::vector<PathRecord>& paths, const std::optional<std::string>& cwd,
                            const std::string& exe, const std::vector<std::string>& args,
                            const std::vector<std::string>& measured_files) {
    ExecLayout layout;
    std::optional<size_t> named;  // the file execve was given
    for (size_t i = 0; i < paths.size(); ++i) {
        if (is_regular_file_record(paths[i])) {
            named = i;
            break;
        }
    }
    if (!named) return layout;

    std::optional<size_t> by_name;
    for (size_t i = 0; i < paths.size(); ++i) {
        if (!is_regular_file_record(paths[i]) || !paths[i].name) continue;
        if (resolve_against(*paths[i].name, cwd) != exe) continue;
        if (by_name && !same_file(paths[*by_name], paths[i])) return layout;  // two files claim the name
        if (!by_name) by_name = i;
    }
    if (by_name) {
        layout.image = by_name;
        if (!same_file(paths[*by_name], paths[*named])) layout.script = named;
        return layout;
    }

    // binfmt_script: argv[0] is now the interpreter as "#!" names it, which is also the name of
    // its PATH record; the ELF loader the interpreter needs comes after it. Requiring that later
    // file keeps a forged argv[0] naming the loader (the last record of a plain ELF run) from
    // passing the loader off as the image.
    if (!args.empty()) {
        for (size_t i = *named + 1; i < paths.size(); ++i) {
            if (!is_regular_file_record(paths[i]) || same_file(paths[i], paths[*named])) continue;
            if (!paths[i].name || *paths[i].name != args.front()) continue;
            for (size_t j = i + 1; j < paths.size(); ++j) {
                if (is_regular_file_record(paths[j]) && !same_file(paths[j], paths[i]) && !same_file(paths[j], paths[*named])) {
                    layout.image = i;
                    layout.script = named;
                    return layout;
                }
            }
            return layout;  // a static interpreter, or a forged argv[0]: cannot tell
        }
    }
    // Otherwise the named file is the image when nothing says it is a script: argv is known, the
    // image and its loader were opened, and no measurement names it as another file.
    if (args.empty()) return layout;
    size_t files = 0;
    for (size_t i = 0; i < paths.size(); ++i) {
        if (!is_regular_file_record(paths[i])) continue;
        bool seen = false;
        for (size_t j = 0; j < i; ++j) seen = seen || (is_regular_file_record(paths[j]) && same_file(paths[i], paths[j]));
        if (!seen) ++files;
    }
    // Exactly the image and its loader. A lone record whose name is not exe= may be the loader
    // alone: seen in the QEMU capture when the audit rules were loaded during that very exec
    // (auditctl -R: items=1, only ld-linux listed). A static binary run through a symlink is
    // then left untied too: no hash rather than the loader's inode taken for the image.
    if (files != 2) return layout;
    auto named_path = paths[*named].name ? resolve_against(*paths[*named].name, cwd) : std::nullopt;
    for (const auto& file : measured_files)
        if (named_path && file == *named_path && file != exe) return layout;
    layout.image = named;
    return layout;
}

}  // namespace audisp_ima

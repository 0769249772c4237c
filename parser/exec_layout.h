// Which PATH records of an execve event are the image that now runs and, for a "#!" script, the
// script. A hash is tied to a file only on evidence, so a wrong guess here would become a wrong
// hash later: when the records do not say which file is which, the answer is "unknown".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "parser/path_record.h"

namespace audisp_ima {

struct ExecLayout {
    std::optional<size_t> image;   // index into the event's PATH records
    std::optional<size_t> script;  // the file execve named, when the image is its interpreter
};

// The kernel lists the file execve named first (item 0, as named, with the inode it resolved to),
// then each file binfmt handlers open: a script's interpreter as its "#!" line names it, then the
// ELF loader. Evidence, strongest first:
//  1. a NORMAL record whose name, resolved against cwd, is `exe` (all such records one file);
//  2. binfmt_script rewrites argv[0] to the interpreter as named in "#!", which is also the name of
//     the interpreter's PATH record: a later record of another file named exactly args[0], with
//     the interpreter's own loader after it;
//  3. otherwise the named file, when argv is known, exactly two files (image and loader) were
//     opened, and no measurement (`measured_files`, IMA's paths) names the named file as other
//     than the image.
ExecLayout find_exec_layout(const std::vector<PathRecord>& paths, const std::optional<std::string>& cwd,
                            const std::string& exe, const std::vector<std::string>& args,
                            const std::vector<std::string>& measured_files);

}  // namespace audisp_ima

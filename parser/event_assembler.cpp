#include "parser/event_assembler.h"

#include "parser/execve_args.h"
#include "parser/field_value.h"
#include "parser/path_resolve.h"
#include "parser/record_types.h"

namespace audisp_ima {
namespace {

std::optional<std::string> resolved_name(const PathRecord& path, const std::optional<std::string>& cwd) {
    if (!path.name) return std::nullopt;
    return resolve_against(*path.name, cwd);
}

}  // namespace

void EventAssembler::assemble(const AuditEvent& event, std::vector<Event>& out) {
    ++counters_.events;
    // Decoded once here and handed on: decoding a SYSCALL record is a good part of the cost.
    std::optional<SyscallRecord> exec_syscall;
    for (const auto& record : event.records) {
        if (record.type != record_type::kSyscall) continue;
        if (SyscallRecord syscall = decode_syscall(record); syscall.is_exec()) {
            exec_syscall = std::move(syscall);
            break;
        }
    }

    const bool is_execution = exec_syscall.has_value();
    bool reported = false;
    if (is_execution) {
        out.emplace_back(build_execution(event, *std::move(exec_syscall)));
        reported = true;
    }
    for (const auto& record : event.records) {
        if (!record_type::is_integrity(record.type)) continue;
        if (record.type == record_type::kIntegrityRule) {
            auto ima = decode_ima_rule(record);
            if (ima && is_execution) continue;  // already part of the execution above
            if (ima) {
                // No exec syscall to join: boot-time execs, tasks without audit context, mmap and
                // file reads. A file event: the task block is the process that caused it.
                ++counters_.standalone_measurements;
                out.emplace_back(FileMeasurementEvent{event.key, *std::move(ima)});
                reported = true;
                continue;
            }
        }
        // Any other integrity record, and 1805 without file= (an old kernel's policy-rule record).
        out.emplace_back(decode_integrity(event.key, record));
        ++counters_.integrity;
        reported = true;
    }
    if (!reported) ++counters_.ignored;
}

ExecEvent EventAssembler::build_execution(const AuditEvent& event, SyscallRecord syscall) {
    ExecEvent exec;
    exec.key = event.key;
    exec.syscall = std::move(syscall);
    exec.task = exec.syscall->task;

    ExecveArgs execve;
    std::vector<std::string> proctitle;
    for (const auto& record : event.records) {
        switch (record.type) {
            case record_type::kExecve: execve.add(record); break;
            case record_type::kCwd:
                if (const auto* raw = record.find("cwd")) exec.cwd = field_value::decode_untrusted(*raw);
                break;
            case record_type::kPath: exec.paths.push_back(decode_path(record)); break;
            case record_type::kProctitle: proctitle = decode_proctitle(record); break;
            case record_type::kIntegrityRule:
                if (auto ima = decode_ima_rule(record)) {
                    exec.measurements.push_back(Measurement{*std::move(ima), std::nullopt, std::nullopt});
                }
                break;
            default: break;
        }
    }
    bool failed = exec.syscall->success == false;
    if (!execve.empty()) {
        exec.args = execve.args();
        exec.argc = execve.argc();
        exec.args_incomplete = execve.incomplete();
    } else if (!failed) {
        // PROCTITLE is taken at syscall exit, so after a successful exec it is the new argv
        // (cut to 128 bytes by the kernel). After a failed one it is still the caller's: unused.
        exec.args = std::move(proctitle);
    }

    if (!failed && exec.task.exe) {
        exec.executable = exec.task.exe;
    } else if (!exec.paths.empty() && exec.paths.front().name) {
        // A failed exec leaves the caller's image in exe=; the attempted file is PATH item 0.
        exec.executable = resolved_name(exec.paths.front(), exec.cwd).value_or(*exec.paths.front().name);
    } else if (!exec.measurements.empty()) {
        exec.executable = exec.measurements.front().record.file;
    }

    if (!exec.measurements.empty()) {
        exec.previous_executable = exec.measurements.front().record.task.exe;
        exec.previous_name = exec.measurements.front().record.task.comm;
    } else if (failed) {
        exec.previous_executable = exec.task.exe;
        exec.previous_name = exec.task.comm;
    }

    tie_measurements(exec);
    resolve_hash(exec);

    ++counters_.executions;
    if (failed) ++counters_.failed_executions;
    switch (exec.hash_source) {
        case HashSource::measured: ++counters_.hash_measured; break;
        case HashSource::none: ++counters_.hash_missing; break;
        default: ++counters_.hash_cached; break;
    }
    return exec;
}

// Ties each measurement to the PATH record of the same file, to learn its dev+inode. By name
// first (PATH names may be relative or go through symlinks, IMA's are resolved); then the
// measurement of the new image (file= equal to exe=) takes the first PATH record of a file not
// yet tied, which is the file execve opened when it was called through a symlink such as
// /bin/sh. A script run lists the script twice before its interpreter, so a record of an
// already tied file must be skipped, not just an already tied record.
void EventAssembler::tie_measurements(ExecEvent& exec) {
    auto same_file = [](const PathRecord& a, const PathRecord& b) { return a.dev == b.dev && a.inode == b.inode; };
    std::vector<bool> taken(exec.paths.size(), false);
    auto file_taken = [&](size_t index) {
        for (size_t j = 0; j < exec.paths.size(); ++j) {
            if (taken[j] && same_file(exec.paths[j], exec.paths[index])) return true;
        }
        return false;
    };
    auto tie = [&](Measurement& m, size_t index) {
        taken[index] = true;
        m.dev = exec.paths[index].dev;
        m.inode = exec.paths[index].inode;
    };
    for (auto& m : exec.measurements) {
        for (size_t i = 0; i < exec.paths.size(); ++i) {
            if (taken[i] || !exec.paths[i].inode) continue;
            if (resolved_name(exec.paths[i], exec.cwd) == m.record.file) {
                tie(m, i);
                break;
            }
        }
    }
    for (auto& m : exec.measurements) {
        if (m.inode || !exec.executable || m.record.file != *exec.executable) continue;
        for (size_t i = 0; i < exec.paths.size(); ++i) {
            bool normal = !exec.paths[i].nametype || *exec.paths[i].nametype == "NORMAL";
            if (normal && exec.paths[i].inode && !file_taken(i)) {
                tie(m, i);
                break;
            }
        }
    }
    for (const auto& m : exec.measurements) {
        if (!m.inode || !m.dev) {
            ++counters_.unmatched_measurements;
            continue;
        }
        if (m.record.hash) {
            cache_.remember(FileIdentity{exec.key.node, *m.dev, *m.inode}, CachedHash{m.record.file, *m.record.hash});
        }
    }
}

void EventAssembler::resolve_hash(ExecEvent& exec) {
    if (!exec.executable) return;
    for (const auto& m : exec.measurements) {
        if (m.record.hash && m.record.file == *exec.executable) {
            exec.hash = m.record.hash;
            exec.hash_source = HashSource::measured;
            return;
        }
    }
    // The identity must be one of this event's PATH records (so a new inode at the same path is
    // not mistaken for the old file) and the cached path must be the image now running (so a
    // script's hash is not put on its interpreter).
    for (const auto& path : exec.paths) {
        if (!path.inode || !path.dev) continue;
        const CachedHash* cached = cache_.find(FileIdentity{exec.key.node, *path.dev, *path.inode});
        if (cached && cached->path == *exec.executable) {
            exec.hash = cached->hash;
            exec.hash_source = HashSource::cached;
            return;
        }
    }
}

}  // namespace audisp_ima

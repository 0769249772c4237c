#include "parser/event_assembler.h"

#include "parser/enriched_names.h"
#include "parser/exec_layout.h"
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
    std::string_view exec_enrichment;  // auditd's ENRICHED text of that record
    bool reported = false;
    for (const auto& record : event.records) {
        if (record.type != record_type::kSyscall) continue;
        SyscallRecord syscall = decode_syscall(record);
        if (syscall.is_exec()) {
            exec_syscall = std::move(syscall);
            exec_enrichment = record.enrichment;
            break;
        }
        if (add_lifecycle(event, record, syscall, out)) {
            reported = true;
            break;
        }
    }

    const bool is_execution = exec_syscall.has_value();
    if (is_execution) {
        out.emplace_back(build_execution(event, *std::move(exec_syscall), exec_enrichment));
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
                out.emplace_back(FileMeasurementEvent{event.key, *std::move(ima), {}});
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

bool EventAssembler::add_lifecycle(const AuditEvent& event, const AuditRecord& record, SyscallRecord& syscall,
                                   std::vector<Event>& out) {
    if (!syscall.name) return false;
    const std::string& name = *syscall.name;
    if (name == "clone" || name == "fork" || name == "vfork") {
        if (syscall.success != true || !syscall.exit || *syscall.exit <= 0 || !syscall.task.pid) return false;
        if (name == "clone") {
            // A thread shares its process's pid (tgid): not a process of its own.
            const auto* flags_text = record.find("a0");
            auto flags = flags_text ? field_value::hex_to_u64(*flags_text) : std::nullopt;
            if (!flags || (*flags & kCloneThread)) return false;
        }
        out.emplace_back(ForkEvent{event.key, std::move(syscall.task), *syscall.exit, name, {}});
        ++counters_.forks;
        return true;
    }
    if (name == "exit_group") {
        if (!syscall.task.pid) return false;
        ProcessEndEvent end;
        end.key = event.key;
        end.task = std::move(syscall.task);
        if (const auto* status = record.find("a0"))
            if (auto value = field_value::hex_to_u64(*status)) end.exit_code = static_cast<int>(*value & 0xFF);
        end.rule_key = std::move(syscall.key);
        if (!record.enrichment.empty()) end.names = decode_enriched_names(record.enrichment, end.task);
        for (const auto& other : event.records)
            if (other.type == record_type::kProctitle) end.args = decode_proctitle(other);
        out.emplace_back(std::move(end));
        ++counters_.process_ends;
        return true;
    }
    return false;
}

ExecEvent EventAssembler::build_execution(const AuditEvent& event, SyscallRecord syscall, std::string_view enrichment) {
    ExecEvent exec;
    exec.key = event.key;
    exec.syscall = std::move(syscall);
    exec.task = exec.syscall->task;
    if (!enrichment.empty()) exec.names = decode_enriched_names(enrichment, exec.task);

    ExecveArgs execve;
    std::vector<std::string> proctitle;
    bool proctitle_cut = false;
    for (const auto& record : event.records) {
        switch (record.type) {
            case record_type::kExecve: execve.add(record); break;
            case record_type::kCwd:
                if (const auto* raw = record.find("cwd")) exec.cwd = field_value::decode_untrusted(*raw);
                break;
            case record_type::kPath: exec.paths.push_back(decode_path(record)); break;
            case record_type::kProctitle:
                proctitle = decode_proctitle(record);
                proctitle_cut = proctitle_may_be_cut(record);
                break;
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
        exec.args_incomplete = proctitle_cut && !exec.args.empty();
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

    if (!failed && exec.executable) {
        std::vector<std::string> measured_files;
        for (const auto& m : exec.measurements) measured_files.push_back(m.record.file);
        ExecLayout layout = find_exec_layout(exec.paths, exec.cwd, *exec.executable, exec.args, measured_files);
        tie_measurements(exec, layout);
        describe_files(exec, layout);
    } else {
        // A failed exec runs nothing: its measurements (if any) are of files it opened, untied.
        counters_.unmatched_measurements += exec.measurements.size();
    }

    ++counters_.executions;
    if (failed) ++counters_.failed_executions;
    return exec;
}

// Ties each measurement to the PATH record of the same file, to learn its dev+inode, only on
// evidence: the record's name resolves to the measured path, or the measurement is of the image
// (its path is exe=) and the layout found the image's record, or it is the one measurement left in
// a script run and the layout found the script's record. Anything else stays untied and counted:
// a measurement tied to the wrong record would later give one file another file's hash.
void EventAssembler::tie_measurements(ExecEvent& exec, const ExecLayout& layout) {
    auto id_of = [&](size_t index) { return FileId{*exec.paths[index].dev, *exec.paths[index].inode}; };
    auto tie = [&](Measurement& m, size_t index) {
        m.dev = exec.paths[index].dev;
        m.inode = exec.paths[index].inode;
    };
    for (auto& m : exec.measurements) {
        std::optional<size_t> by_name;
        bool conflict = false;
        for (size_t i = 0; i < exec.paths.size(); ++i) {
            const PathRecord& path = exec.paths[i];
            if (!is_regular_file_record(path) || resolved_name(path, exec.cwd) != m.record.file) continue;
            if (by_name && !(id_of(*by_name) == id_of(i))) conflict = true;
            if (!by_name) by_name = i;
        }
        if (by_name && !conflict) tie(m, *by_name);
        else if (!by_name && layout.image && exec.executable && m.record.file == *exec.executable) tie(m, *layout.image);
    }
    if (layout.script) {
        Measurement* left = nullptr;
        size_t untied_others = 0;
        bool script_taken = false;
        for (auto& m : exec.measurements) {
            if (m.inode && m.dev && FileId{*m.dev, *m.inode} == id_of(*layout.script)) script_taken = true;
            if (m.inode || (exec.executable && m.record.file == *exec.executable)) continue;
            ++untied_others;
            left = &m;
        }
        if (!script_taken && untied_others == 1) tie(*left, *layout.script);
    }
    for (const auto& m : exec.measurements)
        if (!m.inode || !m.dev) ++counters_.unmatched_measurements;
}

void EventAssembler::describe_files(ExecEvent& exec, const ExecLayout& layout) {
    if (layout.image) exec.image_id = FileId{*exec.paths[*layout.image].dev, *exec.paths[*layout.image].inode};
    if (!layout.script) return;
    const PathRecord& named = exec.paths[*layout.script];
    ScriptFile script;
    script.id = FileId{*named.dev, *named.inode};
    for (const auto& m : exec.measurements) {
        if (m.inode && m.dev && FileId{*m.dev, *m.inode} == *script.id) {
            script.path = m.record.file;
            break;
        }
    }
    if (script.path.empty()) script.path = resolved_name(named, exec.cwd).value_or(named.name.value_or(""));
    exec.script = std::move(script);
}

}  // namespace audisp_ima

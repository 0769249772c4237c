// Test helper: events built by hand from record text, for formatter tests. Each builder names the
// audit lines it transcribes; the expected outputs in the tests are worked out from those lines.
#pragma once

#include <string>
#include <vector>

#include "formatters/statistics_report.h"
#include "parser/exec_event.h"

namespace audisp_ima::test {

inline const std::string kSudoDigest = "a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c";

// Task block "ppid=P pid=Q auid=.. uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0
// tty=(none) ses=.. comm=.. exe=.. [subj=..]" with every id 0.
inline TaskInfo root_task(int64_t ppid, int64_t pid, uint32_t auid, uint32_t ses, std::string comm,
                          std::optional<std::string> exe, std::optional<std::string> subj) {
    TaskInfo t;
    t.ppid = ppid;
    t.pid = pid;
    t.auid = auid;
    t.uid = t.gid = t.euid = t.suid = t.fsuid = t.egid = t.sgid = t.fsgid = 0u;
    t.ses = ses;
    t.comm = std::move(comm);
    t.exe = std::move(exe);
    t.subj = std::move(subj);
    return t;
}

// examples/sample-audit.log, serial 171 (examples/README.md: a real execution, the node renamed): node=vm-e2e
// audit(1795714810.720:171), INTEGRITY_RULE file="/opt/sudo" hash="sha256:a3d9…" comm="vm-e2e-runner"
// exe="/usr/bin/bash"; SYSCALL arch=c000003e syscall=59 success=yes exit=0 ppid=401 pid=433
// auid=4294967295 (ids 0) tty=(none) ses=4294967295 comm="sudo" exe="/opt/sudo" subj=unconfined
// key="exec"; EXECVE argc=2 a0="/opt/sudo" a1="-u"; CWD cwd="/"; PATH item=0 inode=13525 dev=fe:00.
inline ExecEvent sudo_execution() {
    ExecEvent ev;
    ev.key = EventKey{"vm-e2e", 1795714810, 720, 171};
    FileHash hash{"sha256", kSudoDigest, "sha256:" + kSudoDigest};
    SyscallRecord sc;
    sc.arch = "x86_64";
    sc.number = 59;
    sc.name = "execve";
    sc.success = true;
    sc.exit = 0;
    sc.key = "exec";
    sc.task = root_task(401, 433, kUnsetId, kUnsetId, "sudo", "/opt/sudo", "unconfined");
    ev.syscall = sc;
    ev.task = sc.task;
    ev.executable = "/opt/sudo";
    ev.hash = hash;
    ev.hash_source = HashSource::measured;
    ev.previous_executable = "/usr/bin/bash";
    ev.previous_name = "vm-e2e-runner";
    ev.args = {"/opt/sudo", "-u"};
    ev.argc = 2;
    ev.cwd = "/";
    ImaRecord ima{"/opt/sudo", hash,
                  root_task(401, 433, kUnsetId, kUnsetId, "vm-e2e-runner", "/usr/bin/bash", "unconfined")};
    ev.measurements.push_back(Measurement{ima, "fe:00", 13525});
    return ev;
}

// The same binary run again (serial 172, 2.5 s later): IMA does not audit an unchanged file twice,
// so the event has no INTEGRITY_RULE and the hash comes from the cache.
inline ExecEvent sudo_execution_cached() {
    ExecEvent ev = sudo_execution();
    ev.key = EventKey{"vm-e2e", 1795714813, 220, 172};
    ev.syscall->task.pid = ev.task.pid = 440;
    ev.hash_source = HashSource::cached;
    ev.previous_executable.reset();
    ev.previous_name.reset();
    ev.measurements.clear();
    return ev;
}

// A "#!" run, constructed (the event assembler is what fills ExecEvent::script): execve of
// /opt/tools/backup.sh, a script starting "#!/bin/sh". The process image is the interpreter
// (/usr/bin/dash, SYSCALL exe=), measured in the same event; the script is the file the execve
// named, measured too, its PATH record inode 262147 on fe:00. Both digests are made up.
inline const std::string kScriptDigest = "5c1e0d7a9b3f2e4d6c8b0a1f3e5d7c9b1a2f4e6d8c0b2a4f6e8d0c2b4a6f8e0d";
inline const std::string kDashDigest = "d4a6f8e0c2b4a6f8e0d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c0b2a4f6";
inline ExecEvent script_execution() {
    ExecEvent ev = sudo_execution();
    ev.key = EventKey{"vm-e2e", 1795714820, 10, 180};
    ev.syscall->task = root_task(401, 450, kUnsetId, kUnsetId, "backup.sh", "/usr/bin/dash", "unconfined");
    ev.task = ev.syscall->task;
    ev.executable = "/usr/bin/dash";
    FileHash dash{"sha256", kDashDigest, "sha256:" + kDashDigest};
    FileHash script{"sha256", kScriptDigest, "sha256:" + kScriptDigest};
    ev.hash = dash;
    ev.hash_source = HashSource::measured;
    ev.image_id = FileId{"fe:00", 1308};
    ev.script = ScriptFile{"/opt/tools/backup.sh", FileId{"fe:00", 262147}, script, HashSource::measured};
    ev.args = {"/bin/sh", "/opt/tools/backup.sh", "--full"};
    ev.argc = 3;
    ev.cwd = "/root";
    TaskInfo caller = root_task(401, 450, kUnsetId, kUnsetId, "vm-e2e-runner", "/usr/bin/bash", "unconfined");
    ev.measurements = {Measurement{ImaRecord{"/opt/tools/backup.sh", script, caller}, "fe:00", 262147},
                       Measurement{ImaRecord{"/usr/bin/dash", dash, caller}, "fe:00", 1308}};
    return ev;
}

// execve("/opt/missing") failing with ENOENT: SYSCALL success=no exit=-2, comm/exe still the
// caller's (the exec never happened), EXECVE argc=1 a0="/opt/missing"; CWD cwd="/root"; PATH
// item=0 name="/opt/missing" nametype=UNKNOWN.
inline ExecEvent failed_execution() {
    ExecEvent ev;
    ev.key = EventKey{"vm-e2e", 1795714815, 5, 173};
    SyscallRecord sc;
    sc.arch = "x86_64";
    sc.number = 59;
    sc.name = "execve";
    sc.success = false;
    sc.exit = -2;
    sc.key = "exec";
    sc.task = root_task(401, 441, kUnsetId, kUnsetId, "vm-e2e-runner", "/usr/bin/bash", "unconfined");
    ev.syscall = sc;
    ev.task = sc.task;
    ev.executable = "/opt/missing";  // PATH item 0: exe= is still the caller's image
    ev.previous_executable = "/usr/bin/bash";
    ev.previous_name = "vm-e2e-runner";
    ev.args = {"/opt/missing"};
    ev.argc = 1;
    ev.cwd = "/root";
    return ev;
}

// pasted-ima.log: type=INTEGRITY_RULE msg=audit(1585509232.130:329): file="/usr/bin/mount"
// hash="28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c" ppid=12301 pid=12417 auid=1000 (ids 0) tty=pts0
// ses=1 comm="Fd-IMA.sh" exe="/usr/bin/bash" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023
// — no SYSCALL in that event: a standalone measurement (old kernel: bare sha1 digest). bash (pid
// 12417, "Fd-IMA.sh") was about to exec mount.
inline FileMeasurementEvent mount_measurement() {
    FileMeasurementEvent ev;
    ev.key = EventKey{"", 1585509232, 130, 329};
    FileHash hash{"sha1", "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c", "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c"};
    TaskInfo task = root_task(12301, 12417, 1000, 1, "Fd-IMA.sh", "/usr/bin/bash",
                              "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023");
    task.tty = "pts0";
    ev.measurement = ImaRecord{"/usr/bin/mount", hash, task};
    return ev;
}

// An IntegrityEvent with its fields (already decoded) and the typed members set from them by hand.
inline IntegrityEvent integrity_event(EventKey key, int type, std::string type_name, std::vector<DecodedField> fields) {
    IntegrityEvent ev;
    ev.key = std::move(key);
    ev.record_type = type;
    ev.type_name = std::move(type_name);
    ev.fields = std::move(fields);
    return ev;
}

// pasted-ima.log line 1: type=INTEGRITY_PCR msg=audit(1670857707.178:126): pid=1438 uid=0 auid=0
// ses=3 op=invalid_pcr cause=open_writers comm="grep" name="/var/log/audit/audit.log" dev="vda2"
// ino=8182 res=1 errno=0
inline IntegrityEvent pcr_violation() {
    auto ev = integrity_event({"", 1670857707, 178, 126}, 1804, "INTEGRITY_PCR",
                              {{"pid", "1438"}, {"uid", "0"}, {"auid", "0"}, {"ses", "3"}, {"op", "invalid_pcr"},
                               {"cause", "open_writers"}, {"comm", "grep"}, {"name", "/var/log/audit/audit.log"},
                               {"dev", "vda2"}, {"ino", "8182"}, {"res", "1"}, {"errno", "0"}});
    ev.pid = 1438;
    ev.uid = 0u;
    ev.auid = 0u;
    ev.ses = 3u;
    ev.op = "invalid_pcr";
    ev.cause = "open_writers";
    ev.comm = "grep";
    ev.name = "/var/log/audit/audit.log";
    ev.dev = "vda2";
    ev.ino = 8182u;
    ev.res = 1;
    ev.error_code = 0;
    return ev;
}

// pasted-ima.log: type=INTEGRITY_DATA msg=audit(1708967244.805:47): pid=1725 uid=0
// auid=4294967295 ses=4294967295 op=appraise_data cause=invalid-signature comm="sh"
// name="/usr/bin/xzmore" dev="mmcblk0p4" ino=1137 res=0 errno=0
inline IntegrityEvent appraisal_failure() {
    auto ev = integrity_event({"", 1708967244, 805, 47}, 1800, "INTEGRITY_DATA",
                              {{"pid", "1725"}, {"uid", "0"}, {"auid", "4294967295"}, {"ses", "4294967295"},
                               {"op", "appraise_data"}, {"cause", "invalid-signature"}, {"comm", "sh"},
                               {"name", "/usr/bin/xzmore"}, {"dev", "mmcblk0p4"}, {"ino", "1137"}, {"res", "0"},
                               {"errno", "0"}});
    ev.pid = 1725;
    ev.uid = 0u;
    ev.auid = kUnsetId;
    ev.ses = kUnsetId;
    ev.op = "appraise_data";
    ev.cause = "invalid-signature";
    ev.comm = "sh";
    ev.name = "/usr/bin/xzmore";
    ev.dev = "mmcblk0p4";
    ev.ino = 1137u;
    ev.res = 0;
    ev.error_code = 0;
    return ev;
}

// pasted-ima.log: type=INTEGRITY_STATUS msg=audit(1670857735.235:139): pid=1476 uid=0 auid=0 ses=3
// op=policy_update cause=failed comm="ima_policy.sh" res=0 errno=0
inline IntegrityEvent policy_update_failed() {
    auto ev = integrity_event({"", 1670857735, 235, 139}, 1802, "INTEGRITY_STATUS",
                              {{"pid", "1476"}, {"uid", "0"}, {"auid", "0"}, {"ses", "3"}, {"op", "policy_update"},
                               {"cause", "failed"}, {"comm", "ima_policy.sh"}, {"res", "0"}, {"errno", "0"}});
    ev.pid = 1476;
    ev.uid = 0u;
    ev.auid = 0u;
    ev.ses = 3u;
    ev.op = "policy_update";
    ev.cause = "failed";
    ev.comm = "ima_policy.sh";
    ev.res = 0;
    ev.error_code = 0;
    return ev;
}

// pasted-ima.log: type=INTEGRITY_POLICY_RULE msg=audit(1670857735.247:141): action=dont_measure
// fsmagic=0x9fa0 res=1
inline IntegrityEvent policy_rule() {
    auto ev = integrity_event({"", 1670857735, 247, 141}, 1807, "INTEGRITY_POLICY_RULE",
                              {{"action", "dont_measure"}, {"fsmagic", "0x9fa0"}, {"res", "1"}});
    ev.res = 1;
    return ev;
}

// pasted-ima.log: type=INTEGRITY_RULE msg=audit(1585509232.084:289): action="audit"
// func="BPRM_CHECK" mask="MAY_EXEC" res=1 — an old kernel's policy rule, not a measurement.
inline IntegrityEvent old_kernel_policy_rule() {
    auto ev = integrity_event({"", 1585509232, 84, 289}, 1805, "INTEGRITY_RULE",
                              {{"action", "audit"}, {"func", "BPRM_CHECK"}, {"mask", "MAY_EXEC"}, {"res", "1"}});
    ev.res = 1;
    return ev;
}

// sudo_execution() with 6000 more arguments of about 300 bytes ("1:aaa...", ..., "6000:aaa..."):
// 1.8 MB of argv, far over any syslog message, for the fitter's tests. A fitted command line
// keeps "/opt/sudo -u 1:" at its head and " 6000:" at its tail, one marker between.
inline ExecEvent sudo_with_6000_arguments() {
    ExecEvent ev = sudo_execution();
    for (int i = 1; i <= 6000; ++i) ev.args.push_back(std::to_string(i) + ":" + std::string(295, 'a'));
    ev.argc = ev.args.size();
    return ev;
}
inline bool kept_head_and_tail(const std::string& command_line) {
    return command_line.rfind("/opt/sudo -u 1:", 0) == 0 && command_line.find(" arguments dropped] ") != std::string::npos &&
           command_line.find(" 6000:") != std::string::npos;
}

// The statistics the formatters' tests print: at exit, 1795714900.005 (2026-11-26T17:41:40.005Z,
// date -u -d @1795714900), host web01, 42 s up, records 37 and dropped 0.
inline StatisticsReport sample_statistics() {
    StatisticsReport report;
    report.sec = 1795714900;
    report.msec = 5;
    report.host = "web01";
    report.trigger = "exit";
    report.uptime_seconds = 42;
    report.counters = {{"records", 37}, {"dropped", 0}};
    return report;
}

}  // namespace audisp_ima::test

// Test helper: real standalone INTEGRITY_RULE records from tests/data/corpus/pasted-ima.log (the
// lines are copied verbatim, numbers given), each put through the EventAssembler as the plugin
// puts them, so formatter tests format what the parser really makes of a record.
#pragma once

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "parser/event_assembler.h"
#include "tests/support/event_lines.h"

namespace audisp_ima::test {

// Line 77: ld.so mapped (MMAP_CHECK) by pkla-check-authorization; old kernel, bare sha1 digest.
inline const std::string kLdSoRecord =
    "type=INTEGRITY_RULE msg=audit(1585509232.075:292): file=\"/usr/lib64/ld-2.17.so\" "
    "hash=\"681bd8955812d5d452d4fea378051f9fe7e8007e\" ppid=680 pid=12410 auid=4294967295 uid=999 gid=998 "
    "euid=999 suid=999 fsuid=999 egid=998 sgid=998 fsgid=998 tty=(none) ses=4294967295 "
    "comm=\"pkla-check-auth\" exe=\"/usr/bin/pkla-check-authorization\" subj=system_u:system_r:policykit_t:s0";

// Line 81: libacl mapped by cp, in a login session on pts0.
inline const std::string kLibaclRecord =
    "type=INTEGRITY_RULE msg=audit(1585509232.146:331): file=\"/usr/lib64/libacl.so.1.1.0\" "
    "hash=\"0b85bc89a27262a5de4f2db89a876169f907b3b3\" ppid=12301 pid=12420 auid=1000 uid=0 gid=0 euid=0 "
    "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm=\"cp\" exe=\"/usr/bin/cp\" "
    "subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023";

// Line 83 up to subj (the pasted line runs the enriched AUID=... names into subj=): ~/.emacs read
// (FILE_CHECK) by more, uid 1000, a newer kernel's "sha256:" hash.
inline const std::string kEmacsRecord =
    "type=INTEGRITY_RULE msg=audit(1724272003.040:450): file=\"/home/kgold/.emacs\" "
    "hash=\"sha256:654897e5d6ff41bffac650f7f545975757380ae0bf1bb5459c0dc054cb342084\" ppid=13236 pid=13396 "
    "auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts2 ses=2 "
    "comm=\"more\" exe=\"/usr/bin/more\"";

// The one event the assembler makes of `record`, which must be a file-measurement event.
inline FileMeasurementEvent assembled_measurement(const std::string& record) {
    EventAssembler assembler;
    std::vector<Event> out;
    assembler.assemble(event_from_lines({record}), out);
    if (out.size() != 1 || !std::holds_alternative<FileMeasurementEvent>(out[0]))
        throw std::logic_error("the assembler did not make one file-measurement event of: " + record);
    return std::get<FileMeasurementEvent>(out[0]);
}

}  // namespace audisp_ima::test

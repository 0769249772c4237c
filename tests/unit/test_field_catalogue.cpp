// The field catalogue: its table is complete and consistent, and read_field gives each event's
// values as the records say (the events of tests/support/sample_events.h, each quoting its
// records). The format tables (CEF, LEEF, OCSF, Sysmon) name only fields their kind carries.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "formatters/cef_fields.h"
#include "formatters/leef_fields.h"
#include "formatters/ocsf_fields.h"
#include "formatters/sysmon_fields.h"
#include "parser/field_catalogue.h"
#include "tests/support/sample_events.h"

using namespace audisp_ima;
using namespace audisp_ima::test;

namespace {

const FieldContext kContext{"collector"};

std::string text_of(const FieldValue& v) {
    if (auto view = std::get_if<std::string_view>(&v.value)) return std::string(*view);
    if (auto owned = std::get_if<std::string>(&v.value)) return *owned;
    FAIL("not text");
    return {};
}

FieldValue read(FieldId id, const Event& event) { return read_field(id, event, kContext); }
template <typename Alternative>
FieldValue read(FieldId, const Alternative&) = delete;  // a temporary Event: see read_field

}  // namespace

TEST_CASE("field catalogue: one entry per id, unique dotted names, identity only where carried", "[catalogue]") {
    std::set<std::string_view> names;
    size_t index = 0;
    for (const FieldSpec& spec : field_catalogue()) {
        INFO(spec.name);
        CHECK(static_cast<size_t>(spec.id) == index++);
        CHECK(&field_spec(spec.id) == &spec);
        CHECK(names.insert(spec.name).second);
        CHECK(spec.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string_view::npos);
        CHECK(spec.name.find('.') != std::string_view::npos);
        CHECK(spec.kinds != 0);
        CHECK((spec.identity & ~spec.kinds) == 0);
        CHECK_FALSE(spec.summary.empty());
    }
    CHECK(names.size() == field_catalogue().size());
}

TEST_CASE("field catalogue: an execution's fields, from its records", "[catalogue]") {
    Event ev = sudo_execution();
    CHECK(event_kind(ev) == kExecution);
    auto time = std::get<AuditTime>(read(FieldId::event_time, ev).value);
    CHECK(time.sec == 1795714810);
    CHECK(time.msec == 720);
    CHECK(std::get<uint64_t>(read(FieldId::event_serial, ev).value) == 171);
    CHECK(text_of(read(FieldId::host_hostname, ev)) == "vm-e2e");  // node= wins over the default
    CHECK(std::get<bool>(read(FieldId::event_outcome, ev).value));  // success=yes
    CHECK(std::get<int64_t>(read(FieldId::process_pid, ev).value) == 433);
    CHECK(std::get<int64_t>(read(FieldId::parent_pid, ev).value) == 401);
    FieldValue exe = read(FieldId::process_executable, ev);
    CHECK(text_of(exe) == "/opt/sudo");
    CHECK(exe.whole);  // the execution's identity
    CHECK(text_of(read(FieldId::process_name, ev)) == "sudo");
    FieldValue digest = read(FieldId::process_hash_digest, ev);
    CHECK(text_of(digest) == kSudoDigest);
    CHECK(digest.whole);
    CHECK(text_of(read(FieldId::process_hash_algorithm, ev)) == "sha256");
    CHECK(text_of(read(FieldId::process_hash_source, ev)) == "measured");
    auto args = std::get<FieldValue::List>(read(FieldId::process_args, ev).value);
    CHECK(*args == std::vector<std::string>{"/opt/sudo", "-u"});
    CHECK(text_of(read(FieldId::process_working_directory, ev)) == "/");
    CHECK(text_of(read(FieldId::audit_key, ev)) == "exec");
    CHECK(text_of(read(FieldId::audit_subj, ev)) == "unconfined");
    CHECK(text_of(read(FieldId::process_previous_executable, ev)) == "/usr/bin/bash");  // IMA's exe=
    CHECK(std::get<uint64_t>(read(FieldId::user_real_id, ev).value) == 0);
    // auid=4294967295 and ses=4294967295: never set, so absent; tty=(none) is absent too.
    CHECK_FALSE(read(FieldId::user_audit_id, ev).present());
    CHECK_FALSE(read(FieldId::audit_session, ev).present());
    CHECK_FALSE(read(FieldId::process_tty, ev).present());
    // No script: the file.* fields of an execution are its script's.
    CHECK_FALSE(read(FieldId::file_path, ev).present());
    // No process stage ran: no entity id, no parent.
    CHECK_FALSE(read(FieldId::process_entity_id, ev).present());
    CHECK_FALSE(read(FieldId::parent_executable, ev).present());
    // A field of another kind is absent, whatever the event holds.
    CHECK_FALSE(read(FieldId::process_exit_code, ev).present());
    CHECK_FALSE(read(FieldId::integrity_type, ev).present());
}

TEST_CASE("field catalogue: a #! run's file fields are its script, the process its interpreter", "[catalogue]") {
    Event ev = script_execution();
    CHECK(text_of(read(FieldId::process_executable, ev)) == "/usr/bin/dash");
    CHECK(text_of(read(FieldId::file_path, ev)) == "/opt/tools/backup.sh");
    CHECK(text_of(read(FieldId::file_name, ev)) == "backup.sh");
    CHECK(text_of(read(FieldId::file_hash_digest, ev)) == kScriptDigest);
    CHECK(text_of(read(FieldId::file_device, ev)) == "fe:00");
    CHECK(std::get<uint64_t>(read(FieldId::file_inode, ev).value) == 262147);
    CHECK(text_of(read(FieldId::file_hash_source, ev)) == "measured");
}

TEST_CASE("field catalogue: a hash no kernel can write is not identity", "[catalogue]") {
    Event ev = sudo_execution();
    std::get<ExecEvent>(ev).hash->digest = std::string(200, 'a');  // longer than SHA-512's 128 hex digits
    FieldValue digest = read(FieldId::process_hash_digest, ev);
    CHECK(text_of(digest) == std::string(200, 'a'));
    CHECK_FALSE(digest.whole);
}

TEST_CASE("field catalogue: a standalone measurement, an integrity record, a failed execution", "[catalogue]") {
    Event m = mount_measurement();
    CHECK(event_kind(m) == kMeasurement);
    CHECK(text_of(read(FieldId::host_hostname, m)) == "collector");  // no node=: the default host
    CHECK(text_of(read(FieldId::file_path, m)) == "/usr/bin/mount");
    CHECK(text_of(read(FieldId::file_hash_digest, m)) == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");
    CHECK(text_of(read(FieldId::file_hash_algorithm, m)) == "sha1");
    CHECK(text_of(read(FieldId::process_executable, m)) == "/usr/bin/bash");  // the caller's exe=
    CHECK_FALSE(read(FieldId::process_executable, m).whole);
    CHECK(text_of(read(FieldId::process_name, m)) == "Fd-IMA.sh");          // its comm=
    CHECK(std::get<uint64_t>(read(FieldId::user_audit_id, m).value) == 1000);
    CHECK(std::get<uint64_t>(read(FieldId::audit_session, m).value) == 1);
    CHECK(text_of(read(FieldId::process_tty, m)) == "pts0");
    CHECK_FALSE(read(FieldId::event_outcome, m).present());  // a measurement has no result
    CHECK_FALSE(read(FieldId::user_real_name, m).present());  // no names for a measurement

    Event pcr = pcr_violation();
    CHECK(event_kind(pcr) == kIntegrity);
    CHECK(std::get<bool>(read(FieldId::event_outcome, pcr).value));  // res=1
    CHECK(std::get<int64_t>(read(FieldId::process_pid, pcr).value) == 1438);
    CHECK(text_of(read(FieldId::process_name, pcr)) == "grep");
    CHECK(text_of(read(FieldId::file_path, pcr)) == "/var/log/audit/audit.log");
    CHECK(text_of(read(FieldId::file_name, pcr)) == "audit.log");
    CHECK(text_of(read(FieldId::file_device, pcr)) == "vda2");
    CHECK(std::get<uint64_t>(read(FieldId::file_inode, pcr).value) == 8182);
    CHECK(text_of(read(FieldId::integrity_type, pcr)) == "INTEGRITY_PCR");
    CHECK(text_of(read(FieldId::integrity_cause, pcr)) == "open_writers");
    CHECK(std::get<FieldValue::Pairs>(read(FieldId::integrity_fields, pcr).value)->size() == 12);

    Event failed = failed_execution();
    CHECK_FALSE(std::get<bool>(read(FieldId::event_outcome, failed).value));  // success=no
    CHECK_FALSE(read(FieldId::process_hash_digest, failed).present());
    CHECK(text_of(read(FieldId::process_hash_source, failed)) == "none");
}

TEST_CASE("cef fields: every key of a kind's table names a field that kind carries", "[catalogue][cef]") {
    for (uint8_t kind : {kExecution, kMeasurement, kIntegrity, kProcessEnd}) {
        for (const CefField& f : cef_fields(kind)) {
            INFO(kind_name(kind) << " " << f.key);
            CHECK((field_spec(f.field).kinds & kind) != 0);
            if (f.otherwise) CHECK((field_spec(*f.otherwise).kinds & kind) != 0);
        }
    }
    for (const CefField& f : cef_fields_before_act()) CHECK(field_spec(f.field).kinds == 15);
}

// A table entry naming a field its kind never carries would print nothing, silently: LEEF,
// OCSF and Sysmon tables are held to the same rule as CEF's.
TEST_CASE("leef, ocsf and sysmon fields: every entry names fields its kind carries", "[catalogue][leef][ocsf][sysmon]") {
    auto carried = [](FieldId id, uint8_t kind) { return (field_spec(id).kinds & kind) != 0; };
    for (uint8_t kind : {kExecution, kMeasurement, kIntegrity, kProcessEnd}) {
        for (const LeefField& f : leef_fields(kind)) {
            INFO("leef " << kind_name(kind) << " " << f.key);
            CHECK(carried(f.field, kind));
        }
        for (const OcsfField& f : ocsf_fields(kind)) {
            INFO("ocsf " << kind_name(kind) << " " << f.path);
            CHECK(carried(f.field, kind));
            if (f.hashed) CHECK((carried(f.digest, kind) && carried(f.algorithm, kind)));
        }
        for (bool succeeded : {true, false}) {
            for (const SysmonData& item : sysmon_event_type(kind, succeeded).data) {
                INFO("sysmon " << kind_name(kind) << " " << item.name);
                if (item.value == SysmonValue::constant || item.value == SysmonValue::utc_time) continue;
                CHECK(carried(item.field, kind));
                if (item.value == SysmonValue::hashes || item.value == SysmonValue::user) CHECK(carried(item.second, kind));
            }
        }
    }
}

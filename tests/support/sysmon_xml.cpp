#include "tests/support/sysmon_xml.h"

#include <expat.h>

#include <array>
#include <memory>
#include <set>
#include <stdexcept>

namespace audisp_ima::test {
namespace {

constexpr std::array<std::string_view, 14> kSystemChildren = {
    "Provider", "EventID", "Version", "Level", "Task", "Opcode", "Keywords", "TimeCreated",
    "EventRecordID", "Correlation", "Execution", "Channel", "Computer", "Security"};

struct Reader {
    SysmonEvent event;
    std::vector<std::string> path;  // open elements
    size_t system_index = 0;        // next expected child of System
    bool saw_system = false, saw_event_data = false;
    std::string text;               // character data of the element holding text
    std::string error;
    std::set<std::string> names;

    void fail(std::string why) {
        if (error.empty()) error = std::move(why);
    }

    using Attributes = std::vector<std::pair<std::string, std::string>>;
    static std::string attribute(const Attributes& attrs, std::string_view name, const std::string& element, Reader& r) {
        if (attrs.size() != 1 || attrs[0].first != name) r.fail(element + ": expected exactly the attribute " + std::string(name));
        return attrs.empty() ? "" : attrs[0].second;
    }

    void start(const std::string& name, const Attributes& attrs) {
        text.clear();
        if (path.empty()) {
            if (name != "Event") fail("root element is " + name);
            if (!attrs.empty()) fail("Event has attributes");
        } else if (path.size() == 1) {
            if (name == "System" && !saw_system && !saw_event_data) saw_system = true;
            else if (name == "EventData" && saw_system && !saw_event_data) saw_event_data = true;
            else fail("unexpected child of Event: " + name);
            if (!attrs.empty()) fail(name + " has attributes");
        } else if (path.size() == 2 && path[1] == "System") {
            if (system_index >= kSystemChildren.size() || name != kSystemChildren[system_index])
                fail("System child " + name + " out of order");
            ++system_index;
            if (name == "Provider") {
                if (attrs.size() != 2 || attrs[0].first != "Name" || attrs[1].first != "Guid") fail("Provider: Name and Guid");
                else event.provider_name = attrs[0].second, event.provider_guid = attrs[1].second;
            } else if (name == "TimeCreated") {
                event.system_time = attribute(attrs, "SystemTime", name, *this);
            } else if (name == "Execution") {
                if (attrs.size() != 2 || attrs[0].first != "ProcessID" || attrs[1].first != "ThreadID") fail("Execution: ProcessID and ThreadID");
                else event.process_id = attrs[0].second, event.thread_id = attrs[1].second;
            } else if (name == "Security") {
                event.user_id = attribute(attrs, "UserId", name, *this);
            } else if (!attrs.empty()) {
                fail(name + " has attributes");
            }
        } else if (path.size() == 2 && path[1] == "EventData") {
            if (name != "Data") fail("EventData child " + name);
            std::string n = attribute(attrs, "Name", name, *this);
            if (n.empty()) fail("empty Data Name");
            if (!names.insert(n).second) fail("repeated Data Name " + n);
            event.data.emplace_back(n, "");
        } else {
            fail("element " + name + " nested too deep");
        }
        path.push_back(name);
    }

    void end(const std::string& name) {
        if (path.size() == 3 && path[1] == "System") {
            std::string* slot = nullptr;
            if (name == "EventID") slot = &event.event_id;
            else if (name == "Version") slot = &event.version;
            else if (name == "Level") slot = &event.level;
            else if (name == "Task") slot = &event.task;
            else if (name == "Opcode") slot = &event.opcode;
            else if (name == "Keywords") slot = &event.keywords;
            else if (name == "EventRecordID") slot = &event.record_id;
            else if (name == "Channel") slot = &event.channel;
            else if (name == "Computer") slot = &event.computer;
            if (slot) *slot = text;
            else if (!text.empty()) fail(name + " holds text");
        } else if (path.size() == 3 && path[1] == "EventData") {
            event.data.back().second = text;
        } else if (path.size() == 2 && name == "System" && system_index != kSystemChildren.size()) {
            fail("System lacks " + std::string(kSystemChildren[system_index]));
        } else if (path.size() == 1 && !(saw_system && saw_event_data)) {
            fail("Event lacks System or EventData");
        }
        text.clear();
        path.pop_back();
    }

    void characters(std::string_view chars) {
        if (path.size() == 3) text.append(chars);
        else fail("character data outside a value: '" + std::string(chars) + "'");
    }
};

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char** attrs) {
    Reader::Attributes list;
    for (size_t i = 0; attrs[i]; i += 2) list.emplace_back(attrs[i], attrs[i + 1]);
    static_cast<Reader*>(user)->start(name, list);
}
void XMLCALL on_end(void* user, const XML_Char* name) { static_cast<Reader*>(user)->end(name); }
void XMLCALL on_text(void* user, const XML_Char* s, int len) { static_cast<Reader*>(user)->characters(std::string_view(s, len)); }
void XMLCALL on_doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Reader*>(user)->fail("DOCTYPE");
}
void XMLCALL on_declaration(void* user, const XML_Char*, const XML_Char*, int) { static_cast<Reader*>(user)->fail("XML declaration"); }
void XMLCALL on_comment(void* user, const XML_Char*) { static_cast<Reader*>(user)->fail("comment"); }
void XMLCALL on_instruction(void* user, const XML_Char*, const XML_Char*) { static_cast<Reader*>(user)->fail("processing instruction"); }

}  // namespace

SysmonEvent parse_sysmon_xml(std::string_view line) {
    for (unsigned char c : line)
        if (c < 0x20) throw std::runtime_error("control byte " + std::to_string(c) + " in the line");
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"), XML_ParserFree);
    if (!parser) throw std::runtime_error("XML_ParserCreate failed");
    Reader reader;
    XML_SetUserData(parser.get(), &reader);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetXmlDeclHandler(parser.get(), on_declaration);
    XML_SetCommentHandler(parser.get(), on_comment);
    XML_SetProcessingInstructionHandler(parser.get(), on_instruction);
    if (XML_Parse(parser.get(), line.data(), static_cast<int>(line.size()), XML_TRUE) != XML_STATUS_OK)
        throw std::runtime_error(std::string("expat: ") + XML_ErrorString(XML_GetErrorCode(parser.get())) + " at column " +
                                 std::to_string(XML_GetCurrentColumnNumber(parser.get())));
    if (!reader.error.empty()) throw std::runtime_error(reader.error);
    return reader.event;
}

}  // namespace audisp_ima::test

#include "enrich/event_id_stage.h"

#include <cstdint>
#include <variant>

#include "enrich/host_facts.h"

namespace audisp_ima {

std::string EventIdStage::origin_of_name(std::string_view name) {
    uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a's offset basis and prime (64-bit)
    for (unsigned char c : name) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kHex[hash & 15];
    return out;
}

void EventIdStage::process(Event& event) {
    std::visit(
        [this](auto& kind) {
            const EventKey& key = kind.key;
            same_event_ = key == last_key_ ? same_event_ + 1 : 0;
            last_key_ = key;
            std::string id;
            if (kind.context.host && !kind.context.host->id.empty()) id = kind.context.host->id;
            else if (!key.node.empty()) id = origin_of_name(key.node);
            else id = default_origin_;
            std::string msec = std::to_string(key.msec % 1000);
            id.append("-").append(std::to_string(key.sec)).append(3 - msec.size(), '0').append(msec);
            id.append("-").append(std::to_string(key.serial));
            if (same_event_ > 0) id.append("-").append(std::to_string(same_event_));
            kind.context.id = std::move(id);
        },
        event);
}

}  // namespace audisp_ima

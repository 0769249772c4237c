#include "enrich/process_table.h"

#include <algorithm>
#include <string_view>

namespace audisp_ima {
namespace {

void put_piece(std::string& text, std::string_view piece) {
    size_t size = piece.size();
    do {
        auto byte = static_cast<unsigned char>(size & 0x7F);
        size >>= 7;
        if (size) byte |= 0x80;
        text.push_back(static_cast<char>(byte));
    } while (size);
    text.append(piece);
}

// The next piece of `rest`, which it leaves after it.
std::string_view take_piece(std::string_view& rest) {
    size_t size = 0;
    for (int shift = 0; !rest.empty(); shift += 7) {
        auto byte = static_cast<unsigned char>(rest.front());
        rest.remove_prefix(1);
        size |= static_cast<size_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) break;
    }
    std::string_view piece = rest.substr(0, std::min(size, rest.size()));
    rest.remove_prefix(piece.size());
    return piece;
}

}  // namespace

std::optional<uint32_t> ProcessTable::node_number(const std::string& node, bool add) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it != nodes_.end()) return static_cast<uint32_t>(it - nodes_.begin());
    if (!add || nodes_.size() >= kMaxNodes) return std::nullopt;
    nodes_.push_back(node);
    return static_cast<uint32_t>(nodes_.size() - 1);
}

std::optional<ProcessTable::Key> ProcessTable::key_of(const std::string& node, int64_t pid) const {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it == nodes_.end()) return std::nullopt;
    return Key{static_cast<uint32_t>(it - nodes_.begin()), pid};
}

ProcessTable::Slot ProcessTable::pack(const ProcessEntry& entry) {
    Slot slot;
    slot.origin = entry.origin;
    if (entry.ppid) slot.has |= kPpid, slot.ppid = *entry.ppid;
    if (entry.start_ms) slot.has |= kStart, slot.start_ms = *entry.start_ms;
    if (entry.euid) slot.has |= kEuid, slot.euid = *entry.euid;
    if (entry.held_at_ms) slot.has |= kHeld, slot.held_at_ms = *entry.held_at_ms;
    if (entry.executable) slot.has |= kExecutable;
    if (entry.comm) slot.has |= kComm;
    if (entry.user_name) slot.has |= kUserName;
    size_t bytes = entry.entity_id.size() + entry.executable.value_or("").size() + entry.comm.value_or("").size() +
                   entry.user_name.value_or("").size() + 4 * (4 + entry.args.size());
    for (const auto& arg : entry.args) bytes += arg.size();
    slot.text.reserve(bytes);
    put_piece(slot.text, entry.entity_id);
    put_piece(slot.text, entry.executable ? *entry.executable : std::string_view());
    put_piece(slot.text, entry.comm ? *entry.comm : std::string_view());
    put_piece(slot.text, entry.user_name ? *entry.user_name : std::string_view());
    for (const auto& arg : entry.args) put_piece(slot.text, arg);
    slot.text.shrink_to_fit();
    return slot;
}

ProcessEntry ProcessTable::unpack(const Key& key, const Slot& slot) {
    ProcessEntry entry;
    entry.pid = key.pid;
    entry.origin = slot.origin;
    if (slot.has & kPpid) entry.ppid = slot.ppid;
    if (slot.has & kStart) entry.start_ms = slot.start_ms;
    if (slot.has & kEuid) entry.euid = slot.euid;
    if (slot.has & kHeld) entry.held_at_ms = slot.held_at_ms;
    std::string_view rest = slot.text;
    entry.entity_id = std::string(take_piece(rest));
    std::string_view executable = take_piece(rest), comm = take_piece(rest), user_name = take_piece(rest);
    if (slot.has & kExecutable) entry.executable.emplace(executable);
    if (slot.has & kComm) entry.comm.emplace(comm);
    if (slot.has & kUserName) entry.user_name.emplace(user_name);
    while (!rest.empty()) entry.args.emplace_back(take_piece(rest));
    return entry;
}

void ProcessTable::put(const std::string& node, ProcessEntry entry) {
    if (slots_.capacity() == 0) return;
    auto number = node_number(node, true);
    if (!number) return;
    size_t bytes = 0, kept = 0;
    for (; kept < entry.args.size(); ++kept) {
        bytes += entry.args[kept].size() + 1;
        if (bytes > kMaxArgBytes) break;
    }
    if (kept < entry.args.size()) {
        entry.args.resize(kept);
        ++args_cut_;
    }
    if (slots_.put(Key{*number, entry.pid}, pack(entry))) ++evictions_;
}

std::optional<ProcessEntry> ProcessTable::find(const std::string& node, int64_t pid) {
    auto key = key_of(node, pid);
    if (!key) return std::nullopt;
    const Slot* slot = slots_.find(*key);
    if (!slot) return std::nullopt;
    return unpack(*key, *slot);
}

bool ProcessTable::contains(const std::string& node, int64_t pid) const {
    auto key = key_of(node, pid);
    return key && slots_.contains(*key);
}

void ProcessTable::mark_held(const std::string& node, int64_t pid, int64_t at_ms) {
    auto key = key_of(node, pid);
    if (!key) return;
    Slot* slot = slots_.peek(*key);
    if (!slot) return;
    slot->has |= kHeld;
    slot->held_at_ms = at_ms;
}

void ProcessTable::forget(const std::string& node, int64_t pid) {
    if (auto key = key_of(node, pid)) slots_.erase(*key);
}

}  // namespace audisp_ima

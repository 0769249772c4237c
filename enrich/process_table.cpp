#include "enrich/process_table.h"

#include <algorithm>

namespace audisp_ima {

std::optional<uint32_t> ProcessTable::node_number(const std::string& node, bool add) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it != nodes_.end()) return static_cast<uint32_t>(it - nodes_.begin());
    if (!add || nodes_.size() >= kMaxNodes) return std::nullopt;
    nodes_.push_back(node);
    return static_cast<uint32_t>(nodes_.size() - 1);
}

void ProcessTable::put(const std::string& node, ProcessEntry entry) {
    if (capacity_ == 0) return;
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
    entry.args.shrink_to_fit();
    Key key{*number, entry.pid};
    if (auto it = index_.find(key); it != index_.end()) {
        it->second->entry = std::move(entry);
        order_.splice(order_.begin(), order_, it->second);
        return;
    }
    if (index_.size() >= capacity_) {
        index_.erase(order_.back().key);
        order_.pop_back();
        ++evictions_;
    }
    order_.push_front(Slot{key, std::move(entry)});
    index_.emplace(key, order_.begin());
}

ProcessEntry* ProcessTable::find(const std::string& node, int64_t pid) {
    auto number = node_number(node, false);
    if (!number) return nullptr;
    auto it = index_.find(Key{*number, pid});
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return &it->second->entry;
}

void ProcessTable::forget(const std::string& node, int64_t pid) {
    auto number = node_number(node, false);
    if (!number) return;
    auto it = index_.find(Key{*number, pid});
    if (it == index_.end()) return;
    order_.erase(it->second);
    index_.erase(it);
}

}  // namespace audisp_ima

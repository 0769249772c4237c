// A bounded map that forgets its least recently used entry to make room: the shape of the
// process table and the inode hash cache. Entries live in one array, linked in use order by
// 32-bit indexes, and an open-addressing index (linear probing, at most half full, deletion by
// backward shift, so no tombstones) finds them. Against std::list plus std::unordered_map this
// is two allocations fewer per entry (and no per-node malloc headers or pointers) and one cache
// miss fewer per lookup, which on a stream that keeps evicting is most of the table's cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace audisp_ima {

template <typename Key, typename Value, typename Hash>
class LruMap {
public:
    explicit LruMap(size_t capacity) : capacity_(capacity < kNone ? capacity : kNone - 1) {}

    // The value under `key`, marked most recently used; nullptr when absent.
    Value* find(const Key& key) {
        uint32_t at = locate(key);
        if (at == kNone) return nullptr;
        to_front(at);
        return &slots_[at].value;
    }
    // The same without touching the use order.
    const Value* peek(const Key& key) const {
        uint32_t at = locate(key);
        return at == kNone ? nullptr : &slots_[at].value;
    }
    Value* peek(const Key& key) { return const_cast<Value*>(std::as_const(*this).peek(key)); }
    bool contains(const Key& key) const { return locate(key) != kNone; }

    // Puts `value` under `key` (replacing what was there) as the most recently used entry. Returns
    // true when the least recently used entry was dropped to make room. With capacity 0 nothing
    // is kept.
    bool put(const Key& key, Value value) {
        if (capacity_ == 0) return false;
        if (uint32_t at = locate(key); at != kNone) {
            slots_[at].value = std::move(value);
            to_front(at);
            return false;
        }
        bool evicted = false;
        uint32_t at;
        if (size_ >= capacity_) {
            at = tail_;
            unindex(at);
            unlink(at);
            --size_;
            evicted = true;
        } else if (free_ != kNone) {
            at = free_;
            free_ = slots_[at].next;
        } else {
            at = static_cast<uint32_t>(slots_.size());
            slots_.emplace_back();
        }
        slots_[at].key = key;
        slots_[at].value = std::move(value);
        link_front(at);
        ++size_;
        if (size_ * 2 > table_.size())
            grow();  // indexes every linked slot, this one included
        else
            index(at);
        return evicted;
    }

    // Drops the entry under `key`; false when there was none.
    bool erase(const Key& key) {
        uint32_t at = locate(key);
        if (at == kNone) return false;
        unindex(at);
        unlink(at);
        slots_[at].key = Key();  // what it held (a path's string) is released now, not on reuse
        slots_[at].value = Value();
        slots_[at].next = free_;
        free_ = at;
        --size_;
        return true;
    }

    // visit(key, value) for every entry, least recently used first.
    template <typename F>
    void for_each_oldest_first(F&& visit) const {
        for (uint32_t at = tail_; at != kNone; at = slots_[at].prev) visit(slots_[at].key, slots_[at].value);
    }

    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }

private:
    static constexpr uint32_t kNone = UINT32_MAX;
    struct Slot {
        Key key{};
        Value value{};
        uint32_t prev = kNone, next = kNone;  // toward the most / the least recently used
    };

    size_t home(const Key& key) const {
        // Fibonacci hashing: the top bits of the product, so a Hash that leaves the low bits
        // alike (pids stepping by one, inodes by the block group) still spreads.
        uint64_t h = static_cast<uint64_t>(Hash()(key)) * 0x9E3779B97F4A7C15ULL;
        return static_cast<size_t>(h >> shift_);
    }
    size_t mask() const { return table_.size() - 1; }

    uint32_t locate(const Key& key) const {
        if (table_.empty()) return kNone;
        for (size_t i = home(key);; i = (i + 1) & mask()) {
            uint32_t at = table_[i];
            if (at == kNone) return kNone;
            if (slots_[at].key == key) return at;
        }
    }
    void index(uint32_t at) {
        size_t i = home(slots_[at].key);
        while (table_[i] != kNone) i = (i + 1) & mask();
        table_[i] = at;
    }
    // Removes slot `at` from the index, moving back any later entry of the same probe run that
    // the gap would otherwise hide from its home.
    void unindex(uint32_t at) {
        size_t gap = home(slots_[at].key);
        while (table_[gap] != at) gap = (gap + 1) & mask();
        for (size_t i = (gap + 1) & mask(); table_[i] != kNone; i = (i + 1) & mask()) {
            size_t want = home(slots_[table_[i]].key);
            // Movable when its home is not in (gap, i], cyclically.
            bool home_after_gap = gap <= i ? (want > gap && want <= i) : (want > gap || want <= i);
            if (!home_after_gap) {
                table_[gap] = table_[i];
                gap = i;
            }
        }
        table_[gap] = kNone;
    }
    void grow() {
        size_t size = table_.empty() ? 16 : table_.size() * 2;
        table_.assign(size, kNone);
        shift_ = 64;
        for (size_t s = size; s > 1; s >>= 1) --shift_;
        for (uint32_t at = head_; at != kNone; at = slots_[at].next) index(at);
    }

    void link_front(uint32_t at) {
        slots_[at].prev = kNone;
        slots_[at].next = head_;
        if (head_ != kNone) slots_[head_].prev = at;
        head_ = at;
        if (tail_ == kNone) tail_ = at;
    }
    void unlink(uint32_t at) {
        Slot& slot = slots_[at];
        if (slot.prev != kNone) slots_[slot.prev].next = slot.next; else head_ = slot.next;
        if (slot.next != kNone) slots_[slot.next].prev = slot.prev; else tail_ = slot.prev;
        slot.prev = slot.next = kNone;
    }
    void to_front(uint32_t at) {
        if (at == head_) return;
        unlink(at);
        link_front(at);
    }

    size_t capacity_;
    size_t size_ = 0;
    std::vector<Slot> slots_;     // grows to at most capacity_ (and stays: evictions reuse slots)
    std::vector<uint32_t> table_;  // slot numbers; a power of two, at least twice size_
    unsigned shift_ = 64;
    uint32_t head_ = kNone, tail_ = kNone;  // most / least recently used
    uint32_t free_ = kNone;                 // erased slots, chained through next
};

}  // namespace audisp_ima

// The flat LRU map under the process table and the inode hash cache, against the plain model it
// replaced (a list in use order and a map into it): the same answers, the same evictions and the
// same order, with a hash that spreads keys and with one that puts every key in one probe run
// (where deletion by backward shift has to keep every later key findable).
#include <catch2/catch.hpp>

#include <cstdint>
#include <list>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "enrich/lru_map.h"

using namespace audisp_ima;

namespace {

struct SpreadHash {
    size_t operator()(uint64_t k) const noexcept { return static_cast<size_t>(k); }
};
struct OneRunHash {  // every key has the same home
    size_t operator()(uint64_t) const noexcept { return 7; }
};
// LruMap multiplies the hash by this (Fibonacci hashing) and keeps the top bits; its inverse
// modulo 2^64 (Newton's iteration) gives a hash whose home is the index's last place at every size.
constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t inverse(uint64_t a) {
    uint64_t x = a;
    for (int i = 0; i < 6; ++i) x *= 2 - a * x;
    return x;
}
static_assert(kGolden * inverse(kGolden) == 1);
struct WrappingHash {  // a third of the keys at the last place: their run wraps to the front
    size_t operator()(uint64_t k) const noexcept {
        return static_cast<size_t>(k % 3 == 0 ? uint64_t{0} - inverse(kGolden) : k);
    }
};

// What LruMap must behave like.
class Model {
public:
    explicit Model(size_t capacity) : capacity_(capacity) {}
    const std::string* find(uint64_t key) {
        auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return &it->second->second;
    }
    bool put(uint64_t key, const std::string& value) {
        if (capacity_ == 0) return false;
        if (auto it = index_.find(key); it != index_.end()) {
            it->second->second = value;
            order_.splice(order_.begin(), order_, it->second);
            return false;
        }
        bool evicted = false;
        if (index_.size() >= capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
            evicted = true;
        }
        order_.emplace_front(key, value);
        index_[key] = order_.begin();
        return evicted;
    }
    bool erase(uint64_t key) {
        auto it = index_.find(key);
        if (it == index_.end()) return false;
        order_.erase(it->second);
        index_.erase(it);
        return true;
    }
    std::vector<std::pair<uint64_t, std::string>> oldest_first() const { return {order_.rbegin(), order_.rend()}; }
    size_t size() const { return index_.size(); }
    bool contains(uint64_t key) const { return index_.count(key) > 0; }

private:
    size_t capacity_;
    std::list<std::pair<uint64_t, std::string>> order_;
    std::map<uint64_t, std::list<std::pair<uint64_t, std::string>>::iterator> index_;
};

template <typename Hash>
void agree_with_model(size_t capacity, uint64_t key_space, unsigned seed, int steps) {
    LruMap<uint64_t, std::string, Hash> map(capacity);
    Model model(capacity);
    std::mt19937_64 random(seed);
    for (int step = 0; step < steps; ++step) {
        uint64_t key = random() % key_space;
        INFO("step " << step << " key " << key);
        switch (random() % 5) {
        case 0:
        case 1: {
            std::string value = "v" + std::to_string(step);
            REQUIRE(map.put(key, value) == model.put(key, value));
            break;
        }
        case 2: {
            const std::string* got = map.find(key);
            const std::string* want = model.find(key);
            REQUIRE((got == nullptr) == (want == nullptr));
            if (got) REQUIRE(*got == *want);
            break;
        }
        case 3:
            REQUIRE(map.erase(key) == model.erase(key));
            break;
        default:
            REQUIRE(map.contains(key) == model.contains(key));
            break;
        }
        REQUIRE(map.size() == model.size());
    }
    std::vector<std::pair<uint64_t, std::string>> seen;
    map.for_each_oldest_first([&](uint64_t k, const std::string& v) { seen.emplace_back(k, v); });
    REQUIRE(seen == model.oldest_first());
    // Every key the model holds is still found after all the shifting.
    for (const auto& [k, v] : model.oldest_first()) {
        REQUIRE(map.peek(k) != nullptr);
        REQUIRE(*map.peek(k) == v);
    }
}

}  // namespace

TEST_CASE("lru map: least recently used leaves first", "[lru]") {
    LruMap<uint64_t, std::string, SpreadHash> map(3);
    REQUIRE_FALSE(map.put(1, "a"));
    REQUIRE_FALSE(map.put(2, "b"));
    REQUIRE_FALSE(map.put(3, "c"));
    REQUIRE(map.find(1) != nullptr);  // 1 is now the most recent: 2 is the oldest
    REQUIRE(map.put(4, "d"));
    REQUIRE(map.find(2) == nullptr);
    REQUIRE(*map.find(1) == "a");
    REQUIRE(map.peek(3) != nullptr);  // a peek does not refresh 3 ...
    REQUIRE(map.put(5, "e"));         // ... so it goes next
    REQUIRE_FALSE(map.contains(3));
    REQUIRE(map.size() == 3);
    REQUIRE_FALSE(map.put(5, "E"));  // a replacement evicts nothing
    REQUIRE(*map.find(5) == "E");
}

TEST_CASE("lru map: an erased slot is reused without passing the capacity", "[lru]") {
    LruMap<uint64_t, std::string, SpreadHash> map(2);
    map.put(1, "a");
    map.put(2, "b");
    REQUIRE(map.erase(1));
    REQUIRE_FALSE(map.erase(1));
    REQUIRE_FALSE(map.put(3, "c"));  // room left by the erase: no eviction
    REQUIRE(map.size() == 2);
    REQUIRE(map.put(4, "d"));  // now full: 2, the oldest, leaves
    REQUIRE_FALSE(map.contains(2));
}

TEST_CASE("lru map: capacity 0 keeps nothing", "[lru]") {
    LruMap<uint64_t, std::string, SpreadHash> map(0);
    REQUIRE_FALSE(map.put(1, "a"));
    REQUIRE(map.size() == 0);
    REQUIRE(map.find(1) == nullptr);
}

TEST_CASE("lru map: random operations agree with a list and a map", "[lru]") {
    agree_with_model<SpreadHash>(64, 200, 1, 20000);    // evicting, growing the index
    agree_with_model<SpreadHash>(1000, 300, 2, 20000);  // never full
    agree_with_model<OneRunHash>(40, 90, 3, 6000);      // one probe run holds every key
    agree_with_model<WrappingHash>(50, 150, 4, 10000);  // a run wraps around the index's end
}

// What every fuzz target asserts, shared: a broken promise aborts with the input's reason on
// stderr, which libFuzzer reports as a crash and saves the input for.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace audisp_ima::fuzz {

[[noreturn]] inline void broken(std::string_view promise, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz: broken promise: %.*s\n  %.*s\n", static_cast<int>(promise.size()), promise.data(),
                 static_cast<int>(detail.size() > 600 ? 600 : detail.size()), detail.data());
    std::abort();
}

inline void require(bool condition, std::string_view promise, std::string_view detail = {}) {
    if (!condition) broken(promise, detail);
}

}  // namespace audisp_ima::fuzz

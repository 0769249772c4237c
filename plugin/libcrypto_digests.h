// OpenSSL's message digests, from libcrypto loaded on the first digest rather than at start. The
// plugin digests a file only to confirm a measurement of a file changed around the time it was
// measured (enrich/hash_resolver: the stamp that lets a hash outlive a restart), which most hosts
// never need; linked, libcrypto costs every plugin about 1.4 MiB of resident memory for its
// relocations (measured: 1,448 kB of its mapping resident in a plugin that never digested).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace audisp_ima {

class LibcryptoDigests {
public:
    static constexpr const char* kSoname = "libcrypto.so.3";  // OpenSSL 3, whose headers the build has

    explicit LibcryptoDigests(const char* soname = kSoname);
    ~LibcryptoDigests();
    LibcryptoDigests(const LibcryptoDigests&) = delete;
    LibcryptoDigests& operator=(const LibcryptoDigests&) = delete;

    // Loads libcrypto if not tried yet. False when it cannot be loaded; failure() says why (the
    // first attempt decides: it is not retried on every file).
    bool available();
    const std::string& failure() const { return failure_; }

    // The lowercase hex digest of what `read(buffer, size)` yields until it returns 0; nullopt
    // when a read fails (returns < 0), the algorithm is unknown or libcrypto is unavailable.
    template <typename Read>
    std::optional<std::string> digest(const char* openssl_algorithm, Read&& read);

private:
    struct Api;
    bool begin(const char* algorithm, void*& ctx);
    bool update(void* ctx, const char* bytes, size_t size);
    std::optional<std::string> finish(void* ctx);
    void release(void* ctx);

    const char* soname_;
    void* handle_ = nullptr;
    std::unique_ptr<Api> api_;
    bool tried_ = false;
    std::string failure_;
};

template <typename Read>
std::optional<std::string> LibcryptoDigests::digest(const char* openssl_algorithm, Read&& read) {
    void* ctx = nullptr;
    if (!available() || !begin(openssl_algorithm, ctx)) return std::nullopt;
    char buffer[65536];
    for (;;) {
        long n = read(buffer, sizeof buffer);
        if (n < 0 || (n > 0 && !update(ctx, buffer, static_cast<size_t>(n)))) {
            release(ctx);
            return std::nullopt;
        }
        if (n == 0) break;
    }
    return finish(ctx);  // releases ctx
}

}  // namespace audisp_ima

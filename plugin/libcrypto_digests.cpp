#include "plugin/libcrypto_digests.h"

#include <dlfcn.h>

#include <openssl/evp.h>

#include "parser/field_value.h"

namespace audisp_ima {

// The OpenSSL 3 calls a digest needs, typed from OpenSSL's own declarations.
struct LibcryptoDigests::Api {
    decltype(&EVP_get_digestbyname) get_digestbyname = nullptr;
    decltype(&EVP_MD_CTX_new) ctx_new = nullptr;
    decltype(&EVP_MD_CTX_free) ctx_free = nullptr;
    decltype(&EVP_DigestInit_ex) init = nullptr;
    decltype(&EVP_DigestUpdate) update = nullptr;
    decltype(&EVP_DigestFinal_ex) final = nullptr;
};

namespace {

// `missing` keeps the first name not found.
template <typename F>
void bind(void* handle, const char* name, F& out, std::string& missing) {
    out = reinterpret_cast<F>(::dlsym(handle, name));
    if (!out && missing.empty()) missing = name;
}

}  // namespace

LibcryptoDigests::LibcryptoDigests(const char* soname) : soname_(soname) {}

LibcryptoDigests::~LibcryptoDigests() {
    if (handle_) ::dlclose(handle_);
}

bool LibcryptoDigests::available() {
    if (tried_) return api_ != nullptr;
    tried_ = true;
    handle_ = ::dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
        const char* why = ::dlerror();
        failure_ = std::string(soname_) + " not loaded: " + (why ? why : "unknown reason");
        return false;
    }
    auto api = std::make_unique<Api>();
    std::string missing;
    bind(handle_, "EVP_get_digestbyname", api->get_digestbyname, missing);
    bind(handle_, "EVP_MD_CTX_new", api->ctx_new, missing);
    bind(handle_, "EVP_MD_CTX_free", api->ctx_free, missing);
    bind(handle_, "EVP_DigestInit_ex", api->init, missing);
    bind(handle_, "EVP_DigestUpdate", api->update, missing);
    bind(handle_, "EVP_DigestFinal_ex", api->final, missing);
    if (!missing.empty()) {
        failure_ = std::string(soname_) + " has no " + missing;
        ::dlclose(handle_);
        handle_ = nullptr;
        return false;
    }
    api_ = std::move(api);
    return true;
}

bool LibcryptoDigests::begin(const char* algorithm, void*& ctx) {
    const EVP_MD* md = api_->get_digestbyname(algorithm);
    if (!md) return false;
    EVP_MD_CTX* c = api_->ctx_new();
    if (!c) return false;
    if (api_->init(c, md, nullptr) != 1) {
        api_->ctx_free(c);
        return false;
    }
    ctx = c;
    return true;
}

bool LibcryptoDigests::update(void* ctx, const char* bytes, size_t size) {
    return api_->update(static_cast<EVP_MD_CTX*>(ctx), bytes, size) == 1;
}

std::optional<std::string> LibcryptoDigests::finish(void* ctx) {
    unsigned char value[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    bool done = api_->final(static_cast<EVP_MD_CTX*>(ctx), value, &length) == 1;
    release(ctx);
    if (!done) return std::nullopt;
    return field_value::hex_encode(std::string_view(reinterpret_cast<const char*>(value), length));
}

void LibcryptoDigests::release(void* ctx) { api_->ctx_free(static_cast<EVP_MD_CTX*>(ctx)); }

}  // namespace audisp_ima

#include "sync/smart_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>
#include <vector>

#include "core/base/owner_only_file.h"
#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/text_util.h"

namespace alliance::sync {

struct SigningKey::Key {
    EVP_PKEY* pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

std::string bignum_param(EVP_PKEY* pkey, const char* name, int pad_to = 0) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
        throw std::runtime_error(std::string("cannot read key parameter ") + name);
    const int size = std::max(BN_num_bytes(bn), pad_to);
    std::string out(static_cast<std::size_t>(size), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size);
    BN_free(bn);
    return out;
}

std::string sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<char*>(digest), length);
}

// The algorithm for a key: RS384 for RSA of at least 2048 bits, ES384 for P-384; "" otherwise.
std::string algorithm_of(EVP_PKEY* pkey) {
    if (EVP_PKEY_is_a(pkey, "RSA")) return EVP_PKEY_get_bits(pkey) >= 2048 ? "RS384" : "";
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64] = {0};
        std::size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) == 1 &&
            std::string(group) == "secp384r1")
            return "ES384";
    }
    return "";
}

}  // namespace

std::string base64url(std::string_view bytes) {
    std::string text = base64(bytes);
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
}

SigningKey::SigningKey(std::shared_ptr<Key> key) : key_(std::move(key)) {
    algorithm_ = algorithm_of(key_->pkey);
    key_id_ = base64url(sha256("{" + public_jwk_members() + "}"));
}

SigningKey SigningKey::load(const std::filesystem::path& file, const std::string& key) {
    const std::string pem = read_owner_only_text(file, key);
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    auto k = std::make_shared<Key>();
    k->pkey = bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (k->pkey == nullptr)
        throw ConfigError("[sync] " + key + ": " + file.string() +
                          " is not a PEM private key (write one with alliance-sync keygen)");
    if (algorithm_of(k->pkey).empty())
        throw ConfigError("[sync] " + key + ": " + file.string() +
                          " holds neither an RSA key of 2048 bits or more (RS384) nor a P-384 EC key (ES384)");
    return SigningKey(std::move(k));
}

SigningKey SigningKey::generate(const std::string& algorithm, const std::filesystem::path& file) {
    if (algorithm != "RS384" && algorithm != "ES384")
        throw std::runtime_error("keygen: --algorithm must be RS384 or ES384, not " + algorithm);
    if (std::filesystem::exists(file))
        throw std::runtime_error("keygen: " + file.string() +
                                 " exists already; a key IT registered would stop working. "
                                 "Move it away first if you mean to replace it");
    auto k = std::make_shared<Key>();
    k->pkey = algorithm == "RS384" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(3072))
                                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    if (k->pkey == nullptr) throw std::runtime_error("keygen: OpenSSL could not make a key");
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr || PEM_write_bio_PrivateKey(bio, k->pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        BIO_free(bio);
        throw std::runtime_error("keygen: OpenSSL could not write the key");
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    const std::string pem(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    write_owner_only_file(file, pem);
    return SigningKey(std::move(k));
}

std::string SigningKey::public_jwk_members() const {
    if (algorithm_ == "RS384")
        return "\"e\":\"" + base64url(bignum_param(key_->pkey, OSSL_PKEY_PARAM_RSA_E)) + "\",\"kty\":\"RSA\",\"n\":\"" +
               base64url(bignum_param(key_->pkey, OSSL_PKEY_PARAM_RSA_N)) + "\"";
    return "\"crv\":\"P-384\",\"kty\":\"EC\",\"x\":\"" +
           base64url(bignum_param(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_X, 48)) + "\",\"y\":\"" +
           base64url(bignum_param(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 48)) + "\"";
}

std::string SigningKey::public_jwks() const {
    return "{\"keys\":[{" + public_jwk_members() + ",\"kid\":\"" + key_id_ + "\",\"alg\":\"" + algorithm_ +
           "\",\"use\":\"sig\"}]}";
}

std::string SigningKey::sign_jwt(const std::string& payload_json) const {
    const std::string header = "{\"alg\":\"" + algorithm_ + "\",\"typ\":\"JWT\",\"kid\":\"" + key_id_ + "\"}";
    const std::string input = base64url(header) + "." + base64url(payload_json);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    std::vector<unsigned char> signature;
    const auto* in = reinterpret_cast<const unsigned char*>(input.data());
    bool ok = ctx != nullptr && EVP_DigestSignInit(ctx, nullptr, EVP_sha384(), nullptr, key_->pkey) == 1 &&
              EVP_DigestSign(ctx, nullptr, &length, in, input.size()) == 1;
    if (ok) {
        signature.resize(length);
        ok = EVP_DigestSign(ctx, signature.data(), &length, in, input.size()) == 1;
        signature.resize(length);
    }
    EVP_MD_CTX_free(ctx);
    if (!ok) throw AuthError("OpenSSL could not sign the client assertion");
    std::string raw(signature.begin(), signature.end());
    if (algorithm_ == "ES384") {
        // JWS wants r || s, 48 bytes each (RFC 7518 §3.4); OpenSSL gives DER.
        const unsigned char* der = signature.data();
        ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
        if (sig == nullptr) throw AuthError("OpenSSL gave an unreadable ECDSA signature");
        raw.assign(96, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 48);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 48, 48);
        ECDSA_SIG_free(sig);
    }
    return input + "." + base64url(raw);
}

}  // namespace alliance::sync

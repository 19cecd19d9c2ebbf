#pragma once
// The kiosk's own key for SMART Backend Services ([sync] auth = "smart-backend", sync/README.md):
// an RSA (RS384) or P-384 EC (ES384) private key in a PEM file, the JWT client assertions it
// signs (RFC 7523, private_key_jwt), and its public half as a JWKS for IT to register with the
// server. All cryptography is OpenSSL's.
#include <filesystem>
#include <memory>
#include <string>

namespace alliance::sync {

class SigningKey {
public:
    // Reads a PEM private key (owner-only, like every secret). Throws ConfigError naming `key`.
    static SigningKey load(const std::filesystem::path& file, const std::string& key);
    // Makes a new key ("RS384": RSA 3072 bits, "ES384": EC P-384) and writes it owner-only to
    // `file`, which must not exist yet. Throws std::runtime_error.
    static SigningKey generate(const std::string& algorithm, const std::filesystem::path& file);

    const std::string& algorithm() const { return algorithm_; }  // "RS384" | "ES384"
    const std::string& key_id() const { return key_id_; }        // the JWK thumbprint (RFC 7638)
    // {"keys":[{"kty":..., "kid":..., "alg":..., "use":"sig", ...}]}: the public key only.
    std::string public_jwks() const;
    // header.payload.signature, base64url, the header naming alg, typ JWT and kid.
    std::string sign_jwt(const std::string& payload_json) const;

private:
    struct Key;
    explicit SigningKey(std::shared_ptr<Key> key);
    std::string public_jwk_members() const;  // the required members, in RFC 7638 order
    std::shared_ptr<Key> key_;
    std::string algorithm_;
    std::string key_id_;
};

// base64url without padding (RFC 7515 §2).
std::string base64url(std::string_view bytes);

}  // namespace alliance::sync

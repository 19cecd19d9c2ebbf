// [sync] auth = "smart-backend": SMART Backend Services (HL7 SMART App Launch 2, "Backend
// Services"). The token endpoint comes from [sync] token_url or the server's
// .well-known/smart-configuration; each token request carries a fresh JWT client assertion
// (private_key_jwt, RFC 7523) signed with the kiosk's key; the token is cached like OAuth2's.
#include <nlohmann/json.hpp>

#include "core/base/uuid.h"
#include "sync/auth.h"
#include "sync/smart_key.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// What the kiosk does, in SMART v2 system scopes: conditional creates need create and search.
constexpr const char* default_scope = "system/QuestionnaireResponse.crs system/Observation.crs";
// RFC 7523 allows a short life; SMART asks for no more than five minutes.
constexpr std::chrono::seconds assertion_lifetime{300};

bool acceptable_endpoint(const std::string& url) {
    return url.rfind("https://", 0) == 0 || (url.rfind("http://", 0) == 0 && is_loopback_url(url));
}

bool lists(const json& config, const char* key, const std::string& wanted) {
    if (!config.contains(key) || !config[key].is_array()) return true;  // not announced: assume so
    for (const json& v : config[key])
        if (v.is_string() && v.get<std::string>() == wanted) return true;
    return false;
}

class SmartBackendAuth final : public Auth {
public:
    SmartBackendAuth(const SyncSettings& s, SigningKey key, std::function<Clock::time_point()> now,
                     HttpClient* token_http)
        : fhir_url_(s.url),
          token_url_(s.token_url),
          client_id_(s.client_id),
          scope_(s.scope.empty() ? default_scope : s.scope),
          key_(std::move(key)),
          now_(std::move(now)),
          token_http_(token_http) {}

    std::optional<std::string> header(HttpClient& http) override {
        if (token_.empty() || now_() >= expires_) fetch(http);
        return "Bearer " + token_;
    }
    bool refresh_after_unauthorized() override {
        token_.clear();
        return true;
    }
    std::string describe() const override {
        return "SMART Backend Services for '" + client_id_ + "' (" + key_.algorithm() + ", key " + key_.key_id() +
               ") from " + (token_url_.empty() ? "the server's .well-known/smart-configuration" : token_url_);
    }

private:
    // The token endpoint from the FHIR server's .well-known/smart-configuration.
    void discover(HttpClient& http) {
        const std::string url = join_url(fhir_url_, ".well-known/smart-configuration");
        const HttpResponse r = http.perform(HttpRequest{"GET", url, {{"Accept", "application/json"}}, ""});
        if (!r.replied()) throw AuthError("cannot reach " + url + ": " + r.error);
        const json config = json::parse(r.body, nullptr, false);
        if (r.status != 200 || !config.is_object() || !config.contains("token_endpoint") ||
            !config["token_endpoint"].is_string())
            throw AuthError(url + " answered HTTP " + std::to_string(r.status) +
                            " without a token_endpoint: set [sync] token_url to the server's token endpoint");
        const std::string endpoint = config["token_endpoint"].get<std::string>();
        if (!acceptable_endpoint(endpoint) || endpoint.size() > 2048)
            throw AuthError(url + " names a token_endpoint that is not https: refused");
        if (!lists(config, "token_endpoint_auth_methods_supported", "private_key_jwt"))
            throw AuthError(url +
                            ": the server does not offer private_key_jwt (token_endpoint_auth_methods_supported)");
        if (!lists(config, "token_endpoint_auth_signing_alg_values_supported", key_.algorithm()))
            throw AuthError(
                url + ": the server does not accept " + key_.algorithm() +
                " client assertions; make a key of another algorithm with alliance-sync keygen --algorithm");
        token_url_ = endpoint;
    }

    std::string assertion() const {
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
        const json claims = {{"iss", client_id_},
                             {"sub", client_id_},
                             {"aud", token_url_},
                             {"iat", now.count()},
                             {"exp", (now + assertion_lifetime).count()},
                             {"jti", new_uuid_v4()}};
        return key_.sign_jwt(claims.dump());
    }

    void fetch(HttpClient& http) {
        if (token_url_.empty()) discover(http);
        HttpRequest req;
        req.method = "POST";
        req.url = token_url_;
        req.headers["Content-Type"] = "application/x-www-form-urlencoded";
        req.headers["Accept"] = "application/json";
        req.body = "grant_type=client_credentials&scope=" + percent_encode(scope_) + "&client_assertion_type=" +
                   percent_encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") +
                   "&client_assertion=" + assertion();
        const IssuedToken issued =
            read_token_reply((token_http_ != nullptr ? *token_http_ : http).perform(req), token_url_,
                             "check that IT registered this kiosk's public key (alliance-sync keygen printed it) for "
                             "client_id '" +
                                 client_id_ + "', and [sync] scope");
        token_ = issued.token;
        expires_ = now_() + issued.lifetime;
    }

    std::string fhir_url_, token_url_, client_id_, scope_;
    SigningKey key_;
    std::function<Clock::time_point()> now_;
    HttpClient* token_http_;
    std::string token_;
    Clock::time_point expires_{};
};

}  // namespace

std::unique_ptr<Auth> make_smart_backend_auth(const SyncSettings& sync, const std::string& config_file,
                                              std::function<Clock::time_point()> now, HttpClient* token_http) {
    try {
        return std::make_unique<SmartBackendAuth>(sync, SigningKey::load(sync.private_key_file, "private_key_file"),
                                                  std::move(now), token_http);
    } catch (const ConfigError& e) {
        throw ConfigError(config_file + ": " + e.what());
    }
}

}  // namespace alliance::sync

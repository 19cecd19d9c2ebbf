#pragma once
// How the kiosk proves who it is to the server ([sync] auth): nothing, a bearer token read from
// an owner-only file, or OAuth2 client credentials (token cached until it expires, fetched again
// once after a 401). Mutual TLS is the transport's business (client_cert / client_key).
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/config/config.h"
#include "sync/http_client.h"

namespace alliance::sync {

// No credentials could be had (token endpoint down or refusing, unreadable secret). The message
// says what to check; uploads are retried later.
class AuthError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Auth {
public:
    virtual ~Auth() = default;
    // The Authorization header's value, or nullopt to send none. Throws AuthError.
    virtual std::optional<std::string> header(HttpClient& http) = 0;
    // The server answered 401: forget what is cached. True when asking again may succeed.
    virtual bool refresh_after_unauthorized() { return false; }
    // "none", "bearer token from /etc/...", ... for `check` and the log (never the secret).
    virtual std::string describe() const = 0;
};

// Reads a secret (token, client secret) from `file`, opened without following a symlink and
// checked on the open descriptor: refused unless a regular file owned by this user that the group
// and others cannot read (the message names `key` and says how to fix it), or when it holds
// control characters (a token goes into an HTTP header). Trailing newlines are dropped.
// Throws ConfigError.
std::string read_secret_file(const std::filesystem::path& file, const std::string& key);
// The same checks, the whole text (a PEM key has several lines). Throws ConfigError.
std::string read_owner_only_text(const std::filesystem::path& file, const std::string& key);

// An access token from a token endpoint's reply (OAuth2 client credentials, SMART Backend
// Services): the token and how long to keep it (expires_in less a margin). Throws AuthError,
// with `refused_advice` when the endpoint refused the client (400/401).
struct IssuedToken {
    std::string token;
    std::chrono::seconds lifetime{0};
};
IssuedToken read_token_reply(const HttpResponse& reply, const std::string& token_url,
                             const std::string& refused_advice);

// auth = "smart-backend" (sync/smart_backend_auth.cpp). Throws ConfigError.
std::unique_ptr<Auth> make_smart_backend_auth(const SyncSettings& sync, const std::string& config_file,
                                              std::function<std::chrono::steady_clock::time_point()> now,
                                              HttpClient* token_http);

// Builds the Auth for `sync.auth`, reading the secret files now, so that a bad file is reported
// before any network use. `config_file` names the config in messages. `token_http`, when given,
// carries the OAuth2 token requests (with the token endpoint's own TLS settings); otherwise they
// go through the client each call is given. Throws ConfigError.
std::unique_ptr<Auth> make_auth(const SyncSettings& sync, const std::string& config_file,
                                std::function<std::chrono::steady_clock::time_point()> now = {},
                                HttpClient* token_http = nullptr);

// Sends `request` with the Authorization header; on a 401 refreshes the credentials once and
// sends it again. Throws AuthError when no credentials can be had.
HttpResponse send_authorized(HttpClient& http, Auth& auth, HttpRequest request);

}  // namespace alliance::sync

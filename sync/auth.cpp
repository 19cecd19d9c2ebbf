#include "sync/auth.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/data_dir_owner.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using Clock = std::chrono::steady_clock;

std::string octal_mode(mode_t mode) {
    std::ostringstream out;
    out << '0' << std::oct << (mode & 0777);
    return out.str();
}

class NoAuth final : public Auth {
public:
    std::optional<std::string> header(HttpClient&) override { return std::nullopt; }
    std::string describe() const override { return "none"; }
};

class BearerAuth final : public Auth {
public:
    BearerAuth(std::filesystem::path file, std::string config_file)
        : file_(std::move(file)), config_file_(std::move(config_file)), token_(read()) {}

    std::optional<std::string> header(HttpClient&) override { return "Bearer " + token_; }
    // IT may have put a new token in the file since we read it.
    bool refresh_after_unauthorized() override {
        try {
            std::string fresh = read();
            const bool changed = fresh != token_;
            token_ = std::move(fresh);
            return changed;
        } catch (const ConfigError& e) {
            throw AuthError(e.what());
        }
    }
    std::string describe() const override { return "bearer token from " + file_.string(); }

private:
    std::string read() const {
        try {
            return read_secret_file(file_, "token_file");
        } catch (const ConfigError& e) {
            throw ConfigError(config_file_ + ": " + e.what());
        }
    }
    std::filesystem::path file_;
    std::string config_file_;
    std::string token_;
};

class OAuth2ClientCredentials final : public Auth {
public:
    OAuth2ClientCredentials(const SyncSettings& s, std::string secret, std::function<Clock::time_point()> now)
        : token_url_(s.token_url), client_id_(s.client_id), scope_(s.scope), secret_(std::move(secret)),
          now_(std::move(now)) {}

    std::optional<std::string> header(HttpClient& http) override {
        if (token_.empty() || now_() >= expires_) fetch(http);
        return "Bearer " + token_;
    }
    bool refresh_after_unauthorized() override {
        token_.clear();
        return true;
    }
    std::string describe() const override { return "OAuth2 client credentials for '" + client_id_ + "' from " + token_url_; }

private:
    void fetch(HttpClient& http) {
        HttpRequest req;
        req.method = "POST";
        req.url = token_url_;
        // RFC 6749 §2.3.1: HTTP Basic with the form-encoded id and secret.
        req.headers["Authorization"] = "Basic " + base64(percent_encode(client_id_) + ":" + percent_encode(secret_));
        req.headers["Content-Type"] = "application/x-www-form-urlencoded";
        req.headers["Accept"] = "application/json";
        req.body = "grant_type=client_credentials";
        if (!scope_.empty()) req.body += "&scope=" + percent_encode(scope_);
        const HttpResponse r = http.perform(req);
        if (!r.replied()) throw AuthError("cannot reach the OAuth2 token endpoint " + token_url_ + ": " + r.error);
        nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
        if (r.status == 400 || r.status == 401) {
            const std::string code =
                body.is_object() && body.contains("error") && body["error"].is_string() ? body["error"].get<std::string>() : "refused";
            throw AuthError("the OAuth2 token endpoint refused the client credentials (HTTP " +
                            std::to_string(r.status) + ", " + shorten(code, 80) +
                            "): check [sync] client_id, client_secret_file and scope");
        }
        if (r.status < 200 || r.status > 299 || !body.is_object() || !body.contains("access_token") ||
            !body["access_token"].is_string()) {
            throw AuthError("the OAuth2 token endpoint " + token_url_ + " answered HTTP " + std::to_string(r.status) +
                            " without an access_token");
        }
        token_ = body["access_token"].get<std::string>();
        // Cached until shortly before it expires, so that a request never leaves with a token
        // that dies on the way. No expires_in: kept until the server answers 401.
        // Clamped to a year: a huge or fractional number from the server must not overflow the clock.
        const double expires_in = body.contains("expires_in") && body["expires_in"].is_number()
                                      ? body["expires_in"].get<double>() : 86400.0;
        const auto lifetime = std::chrono::seconds(static_cast<long long>(std::clamp(expires_in, 0.0, 31536000.0)));
        const auto margin = std::min<std::chrono::seconds>(std::chrono::seconds(30), lifetime / 10);
        expires_ = now_() + lifetime - margin;
    }

    std::string token_url_, client_id_, scope_, secret_;
    std::function<Clock::time_point()> now_;
    std::string token_;
    Clock::time_point expires_{};
};

}  // namespace

std::string read_secret_file(const std::filesystem::path& file, const std::string& key) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        throw ConfigError("[sync] " + key + ": cannot read " + file.string() + " (" + std::strerror(errno) + ")");
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw ConfigError("[sync] " + key + ": refusing " + file.string() + " because its group or others may read it (mode " +
                          octal_mode(st.st_mode) + "); a secret must be owner-only: chmod 600 " + file.string());
    }
    if (::access(file.c_str(), R_OK) != 0 && errno == EACCES) {  // typically written by root by hand
        throw ConfigError("[sync] " + key + ": cannot read " + file.string() + ": " + hand_back_advice(file, file));
    }
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw ConfigError("[sync] " + key + ": cannot read " + file.string());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.empty()) throw ConfigError("[sync] " + key + ": " + file.string() + " is empty");
    if (text.find_first_of("\r\n") != std::string::npos) {
        throw ConfigError("[sync] " + key + ": " + file.string() + " must hold the secret on one line");
    }
    return text;
}

std::unique_ptr<Auth> make_auth(const SyncSettings& sync, const std::string& config_file,
                                std::function<Clock::time_point()> now) {
    if (!now) now = [] { return Clock::now(); };
    if (sync.auth == "bearer") return std::make_unique<BearerAuth>(sync.token_file, config_file);
    if (sync.auth == "oauth2") {
        std::string secret;
        try {
            secret = read_secret_file(sync.client_secret_file, "client_secret_file");
        } catch (const ConfigError& e) {
            throw ConfigError(config_file + ": " + e.what());
        }
        return std::make_unique<OAuth2ClientCredentials>(sync, std::move(secret), std::move(now));
    }
    return std::make_unique<NoAuth>();
}

HttpResponse send_authorized(HttpClient& http, Auth& auth, HttpRequest request) {
    if (auto value = auth.header(http)) request.headers["Authorization"] = *value;
    HttpResponse r = http.perform(request);
    if (r.replied() && r.status == 401 && auth.refresh_after_unauthorized()) {
        if (auto value = auth.header(http)) request.headers["Authorization"] = *value;
        r = http.perform(request);
    }
    return r;
}

}  // namespace alliance::sync

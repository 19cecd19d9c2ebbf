#include "sync/auth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/config/data_dir_owner.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using Clock = std::chrono::steady_clock;

// A token goes into an HTTP header: a control character there could add headers of its own.
bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

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
    OAuth2ClientCredentials(const SyncSettings& s, std::string secret, std::function<Clock::time_point()> now,
                            HttpClient* token_http)
        : token_url_(s.token_url),
          client_id_(s.client_id),
          scope_(s.scope),
          secret_(std::move(secret)),
          now_(std::move(now)),
          token_http_(token_http) {}

    std::optional<std::string> header(HttpClient& http) override {
        if (token_.empty() || now_() >= expires_) fetch(token_http_ != nullptr ? *token_http_ : http);
        return "Bearer " + token_;
    }
    bool refresh_after_unauthorized() override {
        token_.clear();
        return true;
    }
    std::string describe() const override {
        return "OAuth2 client credentials for '" + client_id_ + "' from " + token_url_;
    }

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
        const IssuedToken issued =
            read_token_reply(http.perform(req), token_url_, "check [sync] client_id, client_secret_file and scope");
        token_ = issued.token;
        expires_ = now_() + issued.lifetime;
    }

    std::string token_url_, client_id_, scope_, secret_;
    std::function<Clock::time_point()> now_;
    HttpClient* token_http_;
    std::string token_;
    Clock::time_point expires_{};
};

}  // namespace

IssuedToken read_token_reply(const HttpResponse& r, const std::string& token_url, const std::string& refused_advice) {
    if (!r.replied()) throw AuthError("cannot reach the OAuth2 token endpoint " + token_url + ": " + r.error);
    nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status == 400 || r.status == 401) {
        const std::string code = body.is_object() && body.contains("error") && body["error"].is_string()
                                     ? body["error"].get<std::string>()
                                     : "refused";
        throw AuthError("the OAuth2 token endpoint refused the client credentials (HTTP " + std::to_string(r.status) +
                        ", " + shorten(code, 80) + "): " + refused_advice);
    }
    if (r.status < 200 || r.status > 299 || !body.is_object() || !body.contains("access_token") ||
        !body["access_token"].is_string()) {
        throw AuthError("the OAuth2 token endpoint " + token_url + " answered HTTP " + std::to_string(r.status) +
                        " without an access_token");
    }
    if (has_control_characters(body["access_token"].get<std::string>())) {
        throw AuthError("the OAuth2 token endpoint " + token_url +
                        " answered with an access_token holding control characters; refused");
    }
    IssuedToken issued;
    issued.token = body["access_token"].get<std::string>();
    // Cached until shortly before it expires, so that a request never leaves with a token
    // that dies on the way. No expires_in: kept until the server answers 401.
    // Clamped to a year: a huge or fractional number from the server must not overflow the clock.
    const double expires_in =
        body.contains("expires_in") && body["expires_in"].is_number() ? body["expires_in"].get<double>() : 86400.0;
    const auto lifetime = std::chrono::seconds(static_cast<long long>(std::clamp(expires_in, 0.0, 31536000.0)));
    const auto margin = std::min<std::chrono::seconds>(std::chrono::seconds(30), lifetime / 10);
    issued.lifetime = lifetime - margin;
    return issued;
}

std::string read_owner_only_text(const std::filesystem::path& file, const std::string& key) {
    // Opened without following a symlink, and checked on the open descriptor: a file swapped
    // between a check by name and the read cannot slip through.
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == EACCES)  // typically written by root by hand
            throw ConfigError("[sync] " + key + ": cannot read " + file.string() + ": " + hand_back_advice(file, file));
        const std::string why = errno == ELOOP ? "it is a symbolic link; name the file itself" : std::strerror(errno);
        throw ConfigError("[sync] " + key + ": cannot read " + file.string() + " (" + why + ")");
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        throw ConfigError("[sync] " + key + ": " + file.string() + " is not a regular file");
    }
    if (st.st_uid != ::geteuid()) {
        throw ConfigError("[sync] " + key + ": refusing " + file.string() + ": a secret must be owned by the user " +
                          "alliance-sync runs as; " + hand_back_advice(file, file));
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw ConfigError("[sync] " + key + ": refusing " + file.string() +
                          " because its group or others may read it (mode " + octal_mode(st.st_mode) +
                          "); a secret must be owner-only: chmod 600 " + file.string());
    }
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw ConfigError("[sync] " + key + ": cannot read " + file.string() + " (" + std::strerror(errno) + ")");
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > std::size_t{64} * 1024)
            throw ConfigError("[sync] " + key + ": " + file.string() + " is larger than 64 KiB");
    }
    return text;
}

std::string read_secret_file(const std::filesystem::path& file, const std::string& key) {
    std::string text = read_owner_only_text(file, key);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.empty()) throw ConfigError("[sync] " + key + ": " + file.string() + " is empty");
    if (text.find_first_of("\r\n") != std::string::npos) {
        throw ConfigError("[sync] " + key + ": " + file.string() + " must hold the secret on one line");
    }
    if (has_control_characters(text)) {
        throw ConfigError("[sync] " + key + ": " + file.string() +
                          " holds control characters; a secret must be printable text on one line");
    }
    return text;
}

std::unique_ptr<Auth> make_auth(const SyncSettings& sync, const std::string& config_file,
                                std::function<Clock::time_point()> now, HttpClient* token_http) {
    if (!now) now = [] { return Clock::now(); };
    if (sync.auth == "bearer") return std::make_unique<BearerAuth>(sync.token_file, config_file);
    if (sync.auth == "smart-backend") return make_smart_backend_auth(sync, config_file, std::move(now), token_http);
    if (sync.auth == "oauth2") {
        std::string secret;
        try {
            secret = read_secret_file(sync.client_secret_file, "client_secret_file");
        } catch (const ConfigError& e) {
            throw ConfigError(config_file + ": " + e.what());
        }
        return std::make_unique<OAuth2ClientCredentials>(sync, std::move(secret), std::move(now), token_http);
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

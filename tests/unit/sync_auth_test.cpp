// Credentials: owner-only secret files, the OAuth2 token cache, and one refresh after a 401.
#include <doctest/doctest.h>

#include "core/config/data_dir_owner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "../store/store_fixture.h"
#include "sync/auth.h"

using namespace alliance;
using namespace alliance::sync;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

fs::path write_file(const TempDir& dir, const std::string& name, const std::string& text, mode_t mode) {
    const fs::path p = dir.path() / name;
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
}

// Answers from a script, remembering what it was asked.
class ScriptedHttp final : public HttpClient {
public:
    std::vector<HttpRequest> requests;
    std::vector<HttpResponse> replies;
    HttpResponse perform(const HttpRequest& r) override {
        requests.push_back(r);
        REQUIRE(!replies.empty());
        HttpResponse next = replies.front();
        replies.erase(replies.begin());
        return next;
    }
};

HttpResponse reply(long status, std::string body = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

SyncSettings oauth(const fs::path& secret) {
    SyncSettings s;
    s.kind = "fhir";
    s.url = "https://fhir.example.org/r4";
    s.auth = "oauth2";
    s.token_url = "https://auth.example.org/token";
    s.client_id = "kiosk-1";
    s.client_secret_file = secret;
    return s;
}

}  // namespace

TEST_CASE("a secret file that the group or others may read is refused with the chmod that fixes it") {
    TempDir dir;
    const fs::path token = write_file(dir, "sync.token", "abc\n", 0644);
    try {
        read_secret_file(token, "token_file");
        FAIL("a 0644 token file was accepted");
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        CHECK(message.find("[sync] token_file") != std::string::npos);
        CHECK(message.find("mode 0644") != std::string::npos);
        CHECK(message.find("chmod 600 " + token.string()) != std::string::npos);
        CHECK(message.find("abc") == std::string::npos);
    }
}

TEST_CASE("an owner-only secret is read without its trailing newline; a missing or empty one is named") {
    TempDir dir;
    CHECK(read_secret_file(write_file(dir, "ok", "s3cret\n", 0600), "token_file") == "s3cret");
    CHECK_THROWS_WITH_AS(read_secret_file(dir.path() / "missing", "token_file"),
                         doctest::Contains("[sync] token_file: cannot read"), ConfigError);
    CHECK_THROWS_WITH_AS(read_secret_file(write_file(dir, "empty", "\n", 0600), "client_secret_file"),
                         doctest::Contains("is empty"), ConfigError);
}

TEST_CASE("a bearer token is sent as an Authorization header") {
    TempDir dir;
    SyncSettings s;
    s.auth = "bearer";
    s.token_file = write_file(dir, "sync.token", "tok-1\n", 0600);
    auto auth = make_auth(s, "kiosk.toml");
    ScriptedHttp http;
    http.replies = {reply(200)};
    send_authorized(http, *auth, HttpRequest{"GET", "https://h/metadata", {}, {}});
    CHECK(http.requests.at(0).headers.at("Authorization") == "Bearer tok-1");
}

TEST_CASE("an OAuth2 token is fetched with client credentials and cached until shortly before it expires") {
    TempDir dir;
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    auto auth = make_auth(oauth(write_file(dir, "secret", "s3cret", 0600)), "kiosk.toml", [&now] { return now; });
    ScriptedHttp http;
    http.replies = {reply(200, R"({"access_token":"t1","token_type":"Bearer","expires_in":300})")};
    CHECK(auth->header(http) == "Bearer t1");
    const HttpRequest& token_request = http.requests.at(0);
    CHECK(token_request.url == "https://auth.example.org/token");
    CHECK(token_request.body == "grant_type=client_credentials");
    CHECK(token_request.headers.at("Authorization") == "Basic a2lvc2stMTpzM2NyZXQ=");  // kiosk-1:s3cret

    now += std::chrono::seconds(260);
    CHECK(auth->header(http) == "Bearer t1");  // still cached: no request made
    CHECK(http.requests.size() == 1);

    now += std::chrono::seconds(20);  // within 30 s of expiry
    http.replies = {reply(200, R"({"access_token":"t2","expires_in":300})")};
    CHECK(auth->header(http) == "Bearer t2");
    CHECK(http.requests.size() == 2);
}

TEST_CASE("after a 401 the token is fetched again once and the request repeated once") {
    TempDir dir;
    auto auth = make_auth(oauth(write_file(dir, "secret", "s3cret", 0600)), "kiosk.toml");
    ScriptedHttp http;
    http.replies = {reply(200, R"({"access_token":"old","expires_in":3600})"), reply(401),
                    reply(200, R"({"access_token":"new","expires_in":3600})"), reply(401)};
    const HttpResponse r = send_authorized(http, *auth, HttpRequest{"POST", "https://fhir.example.org/r4", {}, "{}"});
    CHECK(r.status == 401);  // refused again: reported, not retried in a loop
    REQUIRE(http.requests.size() == 4);
    CHECK(http.requests[1].headers.at("Authorization") == "Bearer old");
    CHECK(http.requests[3].headers.at("Authorization") == "Bearer new");
}

TEST_CASE("a token endpoint refusing the client says which keys to check") {
    TempDir dir;
    auto auth = make_auth(oauth(write_file(dir, "secret", "wrong", 0600)), "kiosk.toml");
    ScriptedHttp http;
    http.replies = {reply(401, R"({"error":"invalid_client"})")};
    CHECK_THROWS_WITH_AS(auth->header(http), doctest::Contains("invalid_client"), AuthError);
    http.replies = {reply(401, R"({"error":"invalid_client"})")};
    CHECK_THROWS_WITH_AS(auth->header(http), doctest::Contains("client_secret_file"), AuthError);
}

// Found writing sync_reply_fuzz (send() must never throw): a non-text "error" threw
// json::type_error instead of AuthError, and a huge expires_in overflowed the clock.
TEST_CASE("odd token replies are an AuthError or a token kept at most a year, never a crash") {
    TempDir dir;
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    auto auth = make_auth(oauth(write_file(dir, "secret", "s3cret", 0600)), "kiosk.toml", [&now] { return now; });
    ScriptedHttp http;
    http.replies = {reply(400, R"({"error":{"code":1}})")};
    CHECK_THROWS_WITH_AS(auth->header(http), doctest::Contains("refused"), AuthError);
    http.replies = {reply(200, R"({"access_token":"t1","expires_in":1e300})")};
    CHECK(auth->header(http) == "Bearer t1");
    now += std::chrono::hours(24 * 366);
    http.replies = {reply(200, R"({"access_token":"t2","expires_in":-5})")};
    CHECK(auth->header(http) == "Bearer t2");  // the year was over: fetched again
    CHECK(http.requests.size() == 3);
}

TEST_CASE("the config naming a group-readable client secret is refused before any network use") {
    TempDir dir;
    CHECK_THROWS_WITH_AS(make_auth(oauth(write_file(dir, "secret", "s", 0640)), "/etc/alliance-kiosk/kiosk.toml"),
                         doctest::Contains("/etc/alliance-kiosk/kiosk.toml: [sync] client_secret_file: refusing"),
                         ConfigError);
}

TEST_CASE("a secret file reached through a symlink, owned by another user or holding control characters is refused") {
    TempDir dir;
    const fs::path real = write_file(dir, "real.token", "tok-1\n", 0600);
    const fs::path link = dir.path() / "link.token";
    fs::create_symlink(real, link);
    CHECK_THROWS_WITH_AS(read_secret_file(link, "token_file"), doctest::Contains("it is a symbolic link"), ConfigError);
    const fs::path foreign = write_file(dir, "foreign.token", "tok-2\n", 0600);
    if (::geteuid() == 0) {  // only root can give a file away; the check is on the open descriptor
        REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
        CHECK_THROWS_WITH_AS(read_secret_file(foreign, "token_file"),
                             doctest::Contains(("it belongs to " + alliance::user_name(65534)).c_str()), ConfigError);
    }
    CHECK_THROWS_WITH_AS(read_secret_file(write_file(dir, "esc.token", "tok\x1b[2J\n", 0600), "token_file"),
                         doctest::Contains("holds control characters"), ConfigError);
    CHECK_THROWS_WITH_AS(read_secret_file(write_file(dir, "nul.token", std::string("tok\0x", 5), 0600), "token_file"),
                         doctest::Contains("holds control characters"), ConfigError);
}

TEST_CASE("an OAuth2 access_token with control characters is refused, never put in a header") {
    TempDir dir;
    auto auth = make_auth(oauth(write_file(dir, "secret", "s3cret", 0600)), "kiosk.toml");
    ScriptedHttp http;
    http.replies = {reply(200, R"({"access_token": "abc\r\nX-Injected: 1", "expires_in": 3600})")};
    CHECK_THROWS_WITH_AS(auth->header(http), doctest::Contains("control characters"), AuthError);
}

TEST_CASE("OAuth2 token requests go through the token endpoint's own client when one is given") {
    TempDir dir;
    ScriptedHttp token_http;
    token_http.replies = {reply(200, R"({"access_token": "t-1", "expires_in": 3600})")};
    auto auth = make_auth(oauth(write_file(dir, "secret", "s3cret", 0600)), "kiosk.toml", {}, &token_http);
    ScriptedHttp fhir_http;
    fhir_http.replies = {reply(200)};
    send_authorized(fhir_http, *auth, HttpRequest{"GET", "https://fhir.example.org/r4/metadata", {}, {}});
    CHECK(token_http.requests.size() == 1);
    CHECK(token_http.requests.at(0).url == "https://auth.example.org/token");
    CHECK(fhir_http.requests.size() == 1);
    CHECK(fhir_http.requests.at(0).headers.at("Authorization") == "Bearer t-1");
}

// The transport and what replies mean: libcurl wrapper rules, reply classification, Retry-After,
// backoff, OperationOutcome text, and the log's redaction of quoted text.
#include <doctest/doctest.h>

#include <chrono>

#include "sync/backoff.h"
#include "sync/http_client.h"
#include "sync/setup.h"
#include "sync/target.h"
#include "sync/text_util.h"

using namespace alliance::sync;
using namespace std::chrono_literals;

namespace {

HttpResponse reply(long status, std::string body = {}, std::map<std::string, std::string> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

}  // namespace

TEST_CASE("plain http is refused by the transport unless the host is loopback") {
    CurlHttpClient http(TransportSettings{});
    const HttpResponse r = http.perform(HttpRequest{"GET", "http://fhir.example.org/r4/metadata", {}, {}});
    CHECK(r.failure == TransportFailure::refused_scheme);
    CHECK(r.error.find("only https, or http to this machine") != std::string::npos);
    CHECK(is_loopback_url("http://127.0.0.1:8080/fhir"));
    CHECK(is_loopback_url("http://localhost/fhir"));
    CHECK(is_loopback_url("http://[::1]:9/fhir"));
    CHECK_FALSE(is_loopback_url("http://127.0.0.1.example.org/fhir"));
    CHECK_FALSE(is_loopback_url("http://10.0.0.1/fhir"));
}

TEST_CASE("a connection refused is reported as such with advice") {
    CurlHttpClient http(TransportSettings{1s, 2s, {}, {}, {}, {}, {}});
    // Port 9 (discard) on loopback: nothing listens there on a build machine.
    const HttpResponse r = http.perform(HttpRequest{"GET", "http://127.0.0.1:9/", {}, {}});
    CHECK(r.failure == TransportFailure::connect);
    CHECK(r.error.find("is the server up") != std::string::npos);
}

TEST_CASE("an injected fault replaces the network, so the uploader's reactions can be tested") {
    CurlHttpClient http(TransportSettings{});
    int calls = 0;
    http.set_fault([&calls](const HttpRequest& req) -> std::optional<HttpResponse> {
        ++calls;
        HttpResponse r;
        r.failure = TransportFailure::timeout;
        r.error = "injected timeout for " + req.url;
        return r;
    });
    const HttpResponse r = http.perform(HttpRequest{"POST", "https://fhir.example.org/r4", {}, "{}"});
    CHECK(calls == 1);
    CHECK(r.failure == TransportFailure::timeout);
    CHECK_FALSE(r.replied());
}

TEST_CASE("url helpers find the host and port and join paths without doubled slashes") {
    CHECK(url_host_port("https://fhir.example.org/r4")->port == 443);
    CHECK(url_host_port("http://127.0.0.1:8080/fhir")->port == 8080);
    CHECK(url_host_port("https://[::1]:8443/x")->host == "::1");
    CHECK_FALSE(url_host_port("not a url").has_value());
    CHECK(join_url("https://h/r4", "metadata") == "https://h/r4/metadata");
    CHECK(join_url("https://h/r4/", "/metadata") == "https://h/r4/metadata");
}

TEST_CASE("replies are classified: content faults refuse the batch, everything else retries") {
    CHECK_FALSE(classify_reply(reply(200), "u").has_value());
    CHECK_FALSE(classify_reply(reply(201), "u").has_value());
    for (long s : {400L, 412L, 413L, 422L}) {
        CHECK(classify_reply(reply(s), "u")->kind == BatchResult::Kind::refused_whole);
    }
    for (long s : {401L, 403L, 404L, 408L, 409L, 429L, 500L, 502L, 503L}) {
        CHECK(classify_reply(reply(s), "u")->kind == BatchResult::Kind::retry);
    }
    // Only an error a record can cause counts towards [sync] max_attempts.
    CHECK(classify_reply(reply(500), "u")->record_may_be_at_fault);
    for (long s : {409L, 429L, 502L, 503L, 504L, 401L})
        CHECK_FALSE(classify_reply(reply(s), "u")->record_may_be_at_fault);
    CHECK(classify_reply(reply(409), "u")->reason.find("trying again") != std::string::npos);
    CHECK(classify_reply(reply(404), "https://h/r4")->reason.find("check [sync] url") != std::string::npos);
    HttpResponse lost;
    lost.failure = TransportFailure::other;
    lost.error = "the connection failed before a reply";
    CHECK(classify_reply(lost, "u")->reason == "the connection failed before a reply");
}

TEST_CASE("Retry-After is honoured in seconds and as an HTTP date") {
    const auto r = classify_reply(reply(429, "", {{"retry-after", "7"}}), "u");
    CHECK(r->retry_after == std::chrono::seconds(7));
    const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now) == std::chrono::seconds(30));
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == std::chrono::seconds(0));
    CHECK_FALSE(parse_retry_after("soon", now).has_value());
}

TEST_CASE("backoff doubles per failure with jitter in its upper half, capped, and Retry-After wins") {
    CHECK(backoff_delay(1, 900s, 0.0) == 125ms);
    CHECK(backoff_delay(1, 900s, 0.999) <= 250ms);
    CHECK(backoff_delay(3, 900s, 0.0) == 500ms);
    CHECK(backoff_delay(40, 10s, 0.0) == 5s);
    CHECK(backoff_delay(40, 10s, 0.999) <= 10s);
    CHECK(backoff_delay(40, 10s, 0.999) >= 9s);
    CHECK(backoff_delay(1, 900s, 0.5, 30s) == 30s);
    CHECK(backoff_delay(1, 10s, 0.5, 3600s) == 10s);
    CHECK(backoff_delay(1, 10s, 0.5, 0s) == 1s);  // Retry-After: 0 must not make the kiosk hammer the server
    const double u = unit_random();
    CHECK(u >= 0.0);
    CHECK(u < 1.0);
}

TEST_CASE("an OperationOutcome is read as severity, code, text and where") {
    const std::string oo = R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure",
        "details":{"text":"Invalid dateTime format"},"expression":["QuestionnaireResponse.authored"]}]})";
    CHECK(operation_outcome_text(oo) == "error structure: Invalid dateTime format (at QuestionnaireResponse.authored)");
    CHECK(operation_outcome_text("<html>Bad gateway</html>") == "<html>Bad gateway</html>");
    CHECK(operation_outcome_text("") == "(no details in the reply)");
}

// Found writing sync_reply_fuzz (send() must never throw): a field of another type threw
// json::type_error out of the target.
TEST_CASE("an OperationOutcome with numbers or objects where text belongs is still read, not thrown") {
    const std::string oo = R"({"resourceType":"OperationOutcome","issue":[{"severity":1,"code":{"x":2},
        "details":{"text":false},"expression":[7]},{"severity":"error","code":"invalid","diagnostics":["no"]}]})";
    CHECK(operation_outcome_text(oo) == "error unknown: ; error invalid: ");
    CHECK(operation_outcome_text(R"({"resourceType":5,"issue":[]})") == R"({"resourceType":5,"issue":[]})");
    const auto r = classify_reply(reply(422, oo), "u");
    CHECK(r->kind == BatchResult::Kind::refused_whole);
}

// Found writing sync_reply_fuzz: a date centuries ahead overflowed the clock's nanoseconds.
TEST_CASE("a Retry-After date centuries ahead is a long wait, not an overflow") {
    const auto now = std::chrono::system_clock::from_time_t(784111777);
    CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == std::chrono::seconds(999999999));
}

TEST_CASE("quoted text is taken out of what goes to the log, apostrophes in words stay") {
    CHECK(redact_quoted(R"(Invalid value "my knee hurts" for valueString)") ==
          "Invalid value \"\u2026\" for valueString");
    CHECK(redact_quoted("the server's value 'secret' here") == "the server's value '\u2026' here");
    CHECK(redact_quoted("unterminated \"secret") == "unterminated \"\u2026");
}

TEST_CASE("text helpers: percent-encoding, base64, stable hashes, shortening on a character boundary") {
    CHECK(percent_encode("a b&c:d", ":") == "a%20b%26c:d");
    CHECK(base64("kiosk-1:s3cret") == "a2lvc2stMTpzM2NyZXQ=");
    CHECK(hash_hex("a\nb\n") == hash_hex("a\nb\n"));
    CHECK(hash_hex("a\nb\n") != hash_hex("b\na\n"));
    CHECK(hash_hex("x").size() == 32);
    CHECK(shorten("Mar\xC3\xAD"
                  "a",
                  4) == "Mar\u2026");
}

TEST_CASE("the OAuth2 token endpoint gets its own pin, never the FHIR server's") {
    alliance::SyncSettings sync;
    sync.pinned_public_key = "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=";
    sync.ca_file = "/etc/alliance-kiosk/ca.pem";
    CHECK(token_transport_settings(sync).pinned_public_key.empty());
    CHECK(token_transport_settings(sync).ca_file == sync.ca_file);
    sync.token_pinned_public_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    CHECK(token_transport_settings(sync).pinned_public_key == sync.token_pinned_public_key);
    CHECK(transport_settings(sync).pinned_public_key == sync.pinned_public_key);
}

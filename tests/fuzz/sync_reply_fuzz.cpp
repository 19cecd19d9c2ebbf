// Fuzzes how alliance-sync reads the server's replies: transaction-response Bundles,
// OperationOutcome bodies, OAuth2 token replies, Encounter searches and Retry-After values. The
// input is one reply: a first line "<kind> <status> [retry-after]" (kind: bundle, json, token,
// outcome (also read as a CapabilityStatement), encounter: the reply to [sync] resolve_encounter's
// search and the upload; '_' in the
// Retry-After value stands for a space) and the body after it. The reply comes from a fake HttpClient, so the real
// targets and the real OAuth2 client read it. The contract: whatever the server says, send() returns a verdict for
// every response and never throws; anything else (an exception, a crash, a sanitizer report) is a bug.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "sync/auth.h"
#include "sync/capabilities.h"
#include "sync/target.h"

using namespace alliance;
using namespace alliance::sync;

namespace {

// Replies with the fuzzed token reply to the token endpoint and with `reply` to everything else.
class FakeHttp final : public HttpClient {
public:
    HttpResponse reply, token_reply;
    std::string last_authorization;
    HttpResponse perform(const HttpRequest& request) override {
        if (request.url == "https://auth.example/token") return token_reply;
        auto it = request.headers.find("Authorization");
        last_authorization = it == request.headers.end() ? "" : it->second;
        return reply;
    }
};

std::string secret_file;  // an owner-only client secret for the OAuth2 client

// Two responses: the first with one score (a QuestionnaireResponse and an Observation), the
// second without (a QuestionnaireResponse only): three Bundle entries, as the seeds have.
std::vector<Response> sample_responses() {
    Response a;
    a.session_id = "0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f";
    a.status = "completed";
    a.questionnaire_url = "https://alliance-kiosk.example/fhir/Questionnaire/alliance-check";
    a.questionnaire_version = "1.0.0";
    a.language = "en";
    a.kiosk_id = "front-desk-1";
    a.authored_at = "2026-11-28T12:00:00Z";
    a.answers = {{"pain", {7}}};
    a.scores = {{"total", 3.5}};
    Response b = a;
    b.session_id = "1c1f2a6f-4d3b-4e9f-8a21-3b4c5d6e7f80";
    b.scores.clear();
    return {a, b};
}

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char path[] = "/tmp/alliance-sync-fuzz-secret-XXXXXX";
    const int fd = ::mkstemp(path);  // created 0600
    if (fd < 0 || ::write(fd, "s3cret\n", 7) != 7) std::abort();
    ::close(fd);
    secret_file = path;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    std::istringstream head(input.substr(0, newline));
    std::string kind, retry_after;
    long status = 200;
    head >> kind >> status >> retry_after;
    std::replace(retry_after.begin(), retry_after.end(), '_', ' ');
    const std::string body = newline == std::string::npos ? "" : input.substr(newline + 1);

    static const std::vector<Response> responses = sample_responses();
    std::vector<Response> visits = responses;  // with visit codes, for the Encounter search
    visits[0].visit_code = "V1";
    visits[1].visit_code = "V2";
    const std::vector<const Response*> batch = kind == "encounter"
                                                   ? std::vector<const Response*>{&visits[0], &visits[1]}
                                                   : std::vector<const Response*>{&responses[0], &responses[1]};
    fhir::MappingOptions mapping;
    mapping.resolve_encounter = kind == "encounter";

    FakeHttp http;
    http.reply.status = status;
    http.reply.body = body;
    if (!retry_after.empty()) http.reply.headers["retry-after"] = retry_after;

    SyncSettings settings;
    settings.url = "https://fhir.example/fhir";
    if (kind == "token") {
        // The token endpoint answers with the fuzzed reply; the upload itself succeeds.
        settings.auth = "oauth2";
        settings.token_url = "https://auth.example/token";
        settings.client_id = "kiosk";
        settings.client_secret_file = secret_file;
        http.token_reply = http.reply;
        http.reply = HttpResponse{};
        http.reply.status = 200;
    }
    if (kind == "outcome") {
        (void)operation_outcome_text(body);
        (void)read_capability_statement(body);  // the same bytes as a server's /metadata
        (void)parse_retry_after(retry_after, std::chrono::system_clock::now());
        return 0;
    }
    settings.kind = kind == "json" ? "json" : "fhir";
    const auto auth = make_auth(settings, "fuzz.toml");
    const auto target = make_target(settings, http, *auth, mapping);
    const BatchResult result = target->send(batch);
    if (result.kind == BatchResult::Kind::per_record) {
        check(result.records.size() == batch.size());
        // A token was used as the server gave it.
        if (kind == "token") check(http.last_authorization.rfind("Bearer ", 0) == 0);
    } else {
        check(result.records.empty() && !result.reason.empty());
    }
    return 0;
}

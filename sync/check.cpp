#include "sync/check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/base/time_format.h"
#include "sync/capabilities.h"
#include "sync/fhir_mapping.h"
#include "sync/target.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? "" : v;
}

// The proxy libcurl will use for `url`, if any (it reads the lower-case names; HTTPS_PROXY too).
// None for this machine: the transport never sends loopback requests through a proxy.
std::string proxy_for(const std::string& url, const std::string& host) {
    if (is_loopback_url(url)) return "";
    const std::string no_proxy = env("no_proxy").empty() ? env("NO_PROXY") : env("no_proxy");
    if (no_proxy == "*" || (!no_proxy.empty() && ("," + no_proxy + ",").find("," + host + ",") != std::string::npos)) {
        return "";
    }
    for (const char* name : url_scheme(url) == "https"
                                ? std::vector<const char*>{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}
                                : std::vector<const char*>{"http_proxy", "all_proxy", "ALL_PROXY"}) {
        if (!env(name).empty()) return env(name);
    }
    return "";
}

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
    std::string text;
};

std::vector<Address> resolve(const HostPort& hp, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(hp.host.c_str(), std::to_string(hp.port).c_str(), &hints, &found);
    std::vector<Address> out;
    if (rc != 0) {
        error = ::gai_strerror(rc);
        return out;
    }
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        Address addr;
        std::memcpy(&addr.storage, a->ai_addr, a->ai_addrlen);
        addr.length = a->ai_addrlen;
        char text[INET6_ADDRSTRLEN] = {0};
        const void* raw = a->ai_family == AF_INET6
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr);
        ::inet_ntop(a->ai_family, raw, text, sizeof text);
        addr.text = text;
        out.push_back(addr);
    }
    ::freeaddrinfo(found);
    return out;
}

// Connects with a timeout; "" on success, else why not.
std::string tcp_connect(const Address& addr, std::chrono::seconds timeout) {
    const int fd = ::socket(addr.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::strerror(errno);
    std::string error;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr.storage), addr.length) != 0) {
        if (errno != EINPROGRESS) {
            error = std::strerror(errno);
        } else {
            pollfd p{fd, POLLOUT, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(timeout.count() * 1000));
            int so_error = 0;
            socklen_t len = sizeof so_error;
            if (ready == 0) {
                error = "no answer within " + std::to_string(timeout.count()) + " s";
            } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) {
                error = std::strerror(errno);
            } else if (so_error != 0) {
                error = std::strerror(so_error);
            }
        }
    }
    ::close(fd);
    return error;
}

class Steps {
public:
    explicit Steps(const CheckPrinter& print) : print_(print) {}
    bool ok(const std::string& name, const std::string& detail, bool skipped = false) {
        print_(CheckStep{name, true, skipped, detail, ""});
        return true;
    }
    bool fail(const std::string& name, const std::string& detail, const std::string& advice) {
        print_(CheckStep{name, false, false, detail, advice});
        return false;
    }

private:
    const CheckPrinter& print_;
};

// A sample response, as the kiosk would send it, for the server's $validate.
std::string sample_response(const SyncSettings& sync) {
    Response r;
    r.session_id = "5f0c2c9e-8b1d-4c3a-9e2f-000000000001";
    r.status = "completed";
    r.questionnaire_url = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check";
    r.questionnaire_version = "1.0.0";
    r.language = "en";
    r.kiosk_id = "check";
    r.authored_at = to_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    r.visit_code = "CHECK";
    r.answers = {{"overall", {7}}};
    fhir::MappingOptions options;
    options.encounter_system = sync.encounter_identifier_system;
    options.device_system = sync.device_identifier_system;
    JsonText out;
    fhir::write_questionnaire_response(out, r, options);
    return out.take();
}

// $validate of a sample response, where the server offers it; errors and fatal issues fail.
bool check_validate(const SyncSettings& sync, const ServerCapabilities& caps, CurlHttpClient& http, Auth& auth,
                    Steps& steps) {
    if (!caps.system_validate && !caps.questionnaire_response.validate)
        return steps.ok("validate", "skipped: the server does not announce $validate", true);
    const std::string url = join_url(sync.url, "QuestionnaireResponse/$validate");
    HttpRequest request{"POST",
                        url,
                        {{"Content-Type", "application/fhir+json"}, {"Accept", "application/fhir+json"}},
                        sample_response(sync)};
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, request);
    } catch (const AuthError& e) {
        return steps.fail("validate", e.what(), "fix the credentials named above, then run check again");
    }
    if (!reply.replied()) return steps.fail("validate", "POST " + url + ": " + reply.error, "see the message above");
    const auto outcome = nlohmann::json::parse(reply.body, nullptr, false);
    bool errors =
        !outcome.is_object() || !outcome.contains("resourceType") || outcome["resourceType"] != "OperationOutcome";
    if (!errors && outcome.contains("issue") && outcome["issue"].is_array())
        for (const auto& issue : outcome["issue"])
            if (issue.is_object() && issue.contains("severity") &&
                (issue["severity"] == "error" || issue["severity"] == "fatal"))
                errors = true;
    if (errors || reply.status < 200 || reply.status > 299)
        return steps.fail("validate",
                          "the server finds a sample response invalid (HTTP " + std::to_string(reply.status) +
                              "): " + operation_outcome_text(reply.body),
                          "if the server applies a profile the kiosk's responses do not meet, tell the kiosk's vendor "
                          "with this message; if it cannot find the questionnaire, run alliance-sync publish");
    return steps.ok("validate", "a sample QuestionnaireResponse passes the server's $validate");
}

// What uploads need from the server, as its CapabilityStatement says.
bool check_capabilities(const SyncSettings& sync, const ServerCapabilities& caps, CurlHttpClient& http, Auth& auth,
                        Steps& steps) {
    if (!caps.transaction)
        return steps.fail("txn", "the server does not announce transactions (rest.interaction \"transaction\")",
                          "alliance-sync sends each batch as one transaction Bundle: turn transactions on in the "
                          "server or use a FHIR server that supports them (HAPI, Medplum, Azure, Google)");
    steps.ok("txn", "transaction Bundles accepted");
    const ResourceCapability* types[] = {&caps.questionnaire_response, &caps.observation};
    const char* names[] = {"QuestionnaireResponse", "Observation"};
    std::string no_create, no_search;
    for (int i = 0; i < 2; ++i) {
        if (!types[i]->conditional_create) no_create += std::string(no_create.empty() ? "" : ", ") + names[i];
        if (!types[i]->identifier_search) no_search += std::string(no_search.empty() ? "" : ", ") + names[i];
    }
    if (!no_create.empty() && !sync.allow_without_conditional_create)
        return steps.fail(
            "create",
            "no conditional create announced for " + no_create +
                ": every retry after a lost reply could store a response again, so push and run refuse this server",
            "turn conditional create on in the server (HAPI: it is on by default; check the server's "
            "settings); if it supports it without announcing it, set [sync] allow_without_conditional_create = true");
    steps.ok("create",
             no_create.empty()
                 ? "conditional create of QuestionnaireResponse and Observation"
                 : "no conditional create announced for " + no_create +
                       "; sent anyway ([sync] allow_without_conditional_create = true): retries may duplicate");
    if (!no_search.empty())
        return steps.fail("search", "no `identifier` search parameter announced for " + no_search,
                          "the conditional creates match on identifier: enable the identifier search parameter on "
                          "the server (a server that ignores it stores a response again on every retry)");
    steps.ok("search", "QuestionnaireResponse and Observation searchable by identifier");
    return check_validate(sync, caps, http, auth, steps);
}

bool check_server(const SyncSettings& sync, CurlHttpClient& http, Auth& auth, Steps& steps) {
    if (sync.kind == "json") {
        return steps.ok("server", "skipped: a json target has no /metadata; `push` shows whether uploads are accepted",
                        true);
    }
    const std::string url = join_url(sync.url, "metadata");
    std::string problem;
    long status = 0;
    const auto caps = fetch_capabilities(sync.url, http, auth, problem, &status);
    if (status == 401 || status == 403)
        return steps.fail("server", problem,
                          "the server does not accept the kiosk's credentials: check [sync] auth and its files");
    if (status != 0 && status != 200)
        return steps.fail("server", problem,
                          "check that [sync] url is the FHIR base (the address that ends before /metadata)");
    if (!caps && status == 0) return steps.fail("server", problem, "see the message above");
    const std::string version = caps ? caps->fhir_version : "";
    if (version.rfind("4.0.", 0) != 0) {
        return steps.fail("server", "GET " + url + ": fhirVersion is '" + shorten(version, 40) + "', not 4.0.x (R4)",
                          "point [sync] url at the server's FHIR R4 base");
    }
    steps.ok("server", "FHIR " + version + (caps->software.empty() ? "" : " (" + shorten(caps->software, 80) + ")") +
                           " at " + sync.url);
    return check_capabilities(sync, *caps, http, auth, steps);
}

}  // namespace

std::string format_check_step(const CheckStep& step) {
    std::string name = step.name;
    name.resize(std::max<std::size_t>(name.size(), 7), ' ');
    // The detail may quote the server: no control characters reach the terminal, but the detail's
    // own line breaks (one a missing definition) stay.
    std::string detail;
    for (std::size_t start = 0; start <= step.detail.size();) {
        const std::size_t end = std::min(step.detail.find('\n', start), step.detail.size());
        if (start > 0) detail += '\n';
        detail += printable(std::string_view(step.detail).substr(start, end - start));
        start = end + 1;
    }
    std::string line = std::string(step.ok ? (step.skipped ? "[skip] " : "[ ok ] ") : "[FAIL] ") + name + " " + detail;
    if (!step.ok && !step.advice.empty()) line += "\n       what to do: " + step.advice;
    return line;
}

bool run_network_checks(const SyncSettings& sync, CurlHttpClient& http, Auth& auth, const CheckPrinter& print) {
    Steps steps(print);
    const auto server = url_host_port(sync.url);
    if (!server) return steps.fail("dns", "cannot read a host name in [sync] url", "fix [sync] url");
    HostPort target = *server;
    const std::string proxy = proxy_for(sync.url, server->host);
    std::string via;
    if (!proxy.empty()) {
        const auto proxy_hp = url_host_port(proxy.find("://") == std::string::npos ? "http://" + proxy : proxy);
        if (!proxy_hp)
            return steps.fail("dns", "cannot read the proxy address '" + proxy + "'",
                              "fix https_proxy in the environment");
        target = *proxy_hp;
        via = " (the proxy from the environment)";
    }
    std::string error;
    const std::vector<Address> addresses = resolve(target, error);
    if (addresses.empty()) {
        return steps.fail("dns", "cannot resolve " + target.host + via + ": " + error,
                          "check the host name in [sync] url and the kiosk's DNS (/etc/resolv.conf)");
    }
    steps.ok("dns", target.host + via + " -> " + addresses.front().text);
    std::string failures;
    const Address* reached = nullptr;
    for (const auto& a : addresses) {
        const std::string why = tcp_connect(a, std::chrono::seconds(sync.connect_timeout_seconds));
        if (why.empty()) {
            reached = &a;
            break;
        }
        failures += (failures.empty() ? "" : "; ") + a.text + ": " + why;
    }
    if (reached == nullptr) {
        return steps.fail("tcp", "cannot connect to port " + std::to_string(target.port) + " (" + failures + ")",
                          "is the server up, and does the clinic's firewall let the kiosk reach that port?");
    }
    steps.ok("tcp", "connected to " + reached->text + " port " + std::to_string(target.port) + via);
    if (url_scheme(sync.url) == "http") {
        steps.ok("tls", "skipped: plain http to this machine (loopback)", true);
    } else {
        const HttpResponse tls = http.connect_only(sync.url);
        if (!tls.replied())
            return steps.fail("tls", tls.error, "see the message above; " + sync_guide() + " has a section on TLS");
        std::string detail = "certificate of " + server->host + " verified";
        if (!sync.pinned_public_key.empty()) detail += ", public key matches the pin";
        if (!sync.client_cert.empty()) detail += ", client certificate " + sync.client_cert.string() + " offered";
        steps.ok("tls", detail);
    }
    try {
        const auto header = auth.header(http);
        steps.ok("auth", auth.describe() + (header ? ": credentials ready" : ""));
    } catch (const AuthError& e) {
        return steps.fail("auth", e.what(), "fix the credentials named above, then run check again");
    }
    return check_server(sync, http, auth, steps);
}

}  // namespace alliance::sync

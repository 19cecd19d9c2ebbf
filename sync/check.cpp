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
    for (const char* name : url_scheme(url) == "https" ? std::vector<const char*>{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}
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
        const void* raw = a->ai_family == AF_INET6 ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)
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

bool check_server(const SyncSettings& sync, CurlHttpClient& http, Auth& auth, Steps& steps) {
    if (sync.kind == "json") {
        return steps.ok("server", "skipped: a json target has no /metadata; `push` shows whether uploads are accepted", true);
    }
    const std::string url = join_url(sync.url, "metadata");
    HttpRequest request{"GET", url, {{"Accept", "application/fhir+json"}}, ""};
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, request);
    } catch (const AuthError& e) {
        return steps.fail("server", e.what(), "fix the credentials named above, then run check again");
    }
    if (!reply.replied()) return steps.fail("server", "GET " + url + ": " + reply.error, "see the message above");
    if (reply.status == 401 || reply.status == 403) {
        return steps.fail("server", "GET " + url + " answered HTTP " + std::to_string(reply.status),
                          "the server does not accept the kiosk's credentials: check [sync] auth and its files");
    }
    if (reply.status != 200) {
        return steps.fail("server", "GET " + url + " answered HTTP " + std::to_string(reply.status),
                          "check that [sync] url is the FHIR base (the address that ends before /metadata)");
    }
    const auto body = nlohmann::json::parse(reply.body, nullptr, false);
    const std::string version = body.is_object() && body.contains("fhirVersion") && body["fhirVersion"].is_string()
                                    ? body["fhirVersion"].get<std::string>()
                                    : "";
    if (version.rfind("4.0.", 0) != 0) {
        return steps.fail("server", "GET " + url + ": fhirVersion is '" + shorten(version, 40) + "', not 4.0.x (R4)",
                          "point [sync] url at the server's FHIR R4 base");
    }
    std::string software;
    if (body.contains("software") && body["software"].is_object()) software = body["software"].value("name", "");
    return steps.ok("server", "FHIR " + version + (software.empty() ? "" : " (" + shorten(software, 80) + ")") + " at " + sync.url);
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
        if (!proxy_hp) return steps.fail("dns", "cannot read the proxy address '" + proxy + "'", "fix https_proxy in the environment");
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
        if (!tls.replied()) return steps.fail("tls", tls.error, "see the message above; " + sync_guide() + " has a section on TLS");
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

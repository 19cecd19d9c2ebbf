#include "sync/http_client.h"
#include "sync/text_util.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "core/base/build_info.h"
#include "core/base/hosts.h"

namespace alliance::sync {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void global_init() {
    // curl_global_init is not thread-safe on every build; do it once, before any handle exists.
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("sync: libcurl could not start");
    });
}

// What the write and header callbacks collect, within the caps; `refused` says why they stopped.
struct Reception {
    HttpResponse* response = nullptr;
    std::size_t max_body = 0;
    std::size_t max_headers = 0;
    std::size_t header_bytes = 0;
    std::string refused;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Reception*>(user);
    if (r->response->body.size() + size * n > r->max_body) {
        r->refused = "the reply is larger than " + std::to_string(r->max_body / (std::size_t{1024} * 1024)) +
                     " MiB (after decompression); a broken or hostile server, or a proxy";
        return 0;  // libcurl stops: CURLE_WRITE_ERROR
    }
    r->response->body.append(data, size * n);
    return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Reception*>(user);
    r->header_bytes += size * n;
    if (r->header_bytes > r->max_headers) {
        r->refused = "the reply's headers are larger than " + std::to_string(r->max_headers / 1024) + " KiB";
        return 0;
    }
    auto& headers = r->response->headers;
    const std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) headers.clear();  // a new reply (after 100 or a proxy CONNECT)
    const auto colon = line.find(':');
    if (colon == std::string::npos) return size * n;
    const std::string name = lower(trim(line.substr(0, colon)));
    const std::string value = trim(line.substr(colon + 1));
    if (name == "content-encoding" && !value.empty() && lower(value) != "gzip" && lower(value) != "identity") {
        r->refused = "the reply is in an encoding other than gzip or identity";
        return 0;
    }
    headers[name] = value;
    return size * n;
}

// The failure kind, and what the person reading the log should do about it.
std::pair<TransportFailure, std::string> describe(CURLcode code, const std::string& detail, const std::string& url) {
    const std::string why = detail.empty() ? curl_easy_strerror(code) : detail;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return {TransportFailure::dns, "cannot resolve the server's host name (" + why +
                                               "): check [sync] url and the kiosk's DNS settings"};
        case CURLE_COULDNT_RESOLVE_PROXY:
            return {TransportFailure::dns,
                    "cannot resolve the proxy's host name (" + why + "): check https_proxy in the environment"};
        case CURLE_COULDNT_CONNECT:
            return {
                TransportFailure::connect,
                "cannot connect (" + why + "): is the server up, and does the firewall allow the kiosk to reach it?"};
        case CURLE_OPERATION_TIMEDOUT:
            return {TransportFailure::timeout,
                    "no reply in time (" + why + "): the server or the network is slow; see timeout_seconds"};
        case CURLE_PEER_FAILED_VERIFICATION:
            return {TransportFailure::tls, "the server's TLS certificate is not trusted (" + why +
                                               "); if the server uses a private CA, set [sync] ca_file to that CA's "
                                               "certificate (PEM)"};
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return {TransportFailure::tls, "the server's public key does not match [sync] pinned_public_key (" + why +
                                               "); if the server's key was replaced, update the pin (" + sync_guide() +
                                               ")"};
        case CURLE_SSL_CACERT_BADFILE:
            return {TransportFailure::tls, "cannot read the CA certificates in [sync] ca_file (" + why + ")"};
        case CURLE_SSL_CERTPROBLEM:
            return {TransportFailure::tls, "cannot use the client certificate (" + why +
                                               "): check [sync] client_cert and client_key (PEM, matching pair)"};
        case CURLE_SSL_CONNECT_ERROR:
            return {TransportFailure::tls, "the TLS handshake failed (" + why +
                                               "); if the server requires a client certificate, set [sync] "
                                               "client_cert and client_key"};
        case CURLE_UNSUPPORTED_PROTOCOL:
            return {TransportFailure::refused_scheme,
                    "refused to use '" + url_scheme(url) + "': only https, or http to this machine (loopback)"};
        default: break;
    }
    if (why.find("certificate required") != std::string::npos || why.find("alert") != std::string::npos) {
        return {TransportFailure::tls, "the server closed the TLS connection (" + why +
                                           "); if it requires a client certificate, set [sync] client_cert and "
                                           "client_key"};
    }
    return {TransportFailure::other, "the connection failed before a reply (" + why + ")"};
}

}  // namespace

std::optional<std::string> HttpResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

struct CurlHttpClient::Handle {
    CURL* easy = nullptr;
    ~Handle() {
        if (easy) curl_easy_cleanup(easy);
    }
};

CurlHttpClient::CurlHttpClient(TransportSettings settings) : settings_(std::move(settings)), handle_(new Handle) {
    global_init();
    if (settings_.user_agent.empty()) settings_.user_agent = std::string("alliance-sync/") + build::version;
    handle_->easy = curl_easy_init();
    if (!handle_->easy) throw std::runtime_error("sync: libcurl could not create a handle (out of memory?)");
}

CurlHttpClient::~CurlHttpClient() = default;

namespace {

// The options every request and probe shares: the TLS rules live here and only here.
void set_common(CURL* easy, const TransportSettings& s, const std::string& url, char* error_buffer) {
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    const bool loopback = is_loopback_url(url);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, loopback ? "http,https" : "https");
    // This machine is reached directly: a proxy from the environment never sees (plain) uploads
    // meant for a local relay.
    if (loopback) curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!s.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, s.ca_file.c_str());
    if (!s.pinned_public_key.empty()) curl_easy_setopt(easy, CURLOPT_PINNEDPUBLICKEY, s.pinned_public_key.c_str());
    if (!s.client_cert.empty()) {
        curl_easy_setopt(easy, CURLOPT_SSLCERT, s.client_cert.c_str());
        curl_easy_setopt(easy, CURLOPT_SSLKEY, s.client_key.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(s.total_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, s.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
}

HttpResponse failed(CURLcode code, const char* error_buffer, const std::string& url) {
    HttpResponse r;
    std::tie(r.failure, r.error) = describe(code, error_buffer, url);
    return r;
}

}  // namespace

HttpResponse CurlHttpClient::perform(const HttpRequest& request) {
    if (fault_) {
        if (auto injected = fault_(request)) return *injected;
    }
    CURL* easy = handle_->easy;
    // Reset keeps the live connection, the DNS cache and TLS sessions: that is the reuse we want.
    curl_easy_reset(easy);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    set_common(easy, settings_, request.url, error_buffer);
    HttpResponse response;
    Reception reception{&response, settings_.max_reply_bytes, settings_.max_header_bytes, 0, {}};
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &reception);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &reception);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip");
    // A declared Content-Length over the cap is refused before any of it is read.
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(settings_.max_reply_bytes));
    if (request.method == "POST" || request.method == "PUT") {
        // A PUT is a POST with another verb: the body goes the same way.
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        if (request.method == "PUT") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
    } else if (request.method != "GET") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    const CURLcode code = curl_easy_perform(easy);
    curl_slist_free_all(headers);
    if (!reception.refused.empty() || code == CURLE_FILESIZE_EXCEEDED) {
        HttpResponse cut;
        cut.failure = TransportFailure::other;
        cut.error = "reply refused: " +
                    (reception.refused.empty() ? "its declared size is over the limit" : reception.refused) +
                    "; trying again later";
        return cut;
    }
    if (code != CURLE_OK) return failed(code, error_buffer, request.url);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

HttpResponse CurlHttpClient::connect_only(const std::string& url) {
    if (fault_) {
        if (auto injected = fault_(HttpRequest{"CONNECT", url, {}, {}})) return *injected;
    }
    // A handle of its own: a connect-only connection cannot carry requests afterwards.
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
    if (!easy) throw std::runtime_error("sync: libcurl could not create a handle (out of memory?)");
    char error_buffer[CURL_ERROR_SIZE] = {0};
    set_common(easy.get(), settings_, url, error_buffer);
    curl_easy_setopt(easy.get(), CURLOPT_CONNECT_ONLY, 1L);
    const CURLcode code = curl_easy_perform(easy.get());
    if (code != CURLE_OK) return failed(code, error_buffer, url);
    return HttpResponse{};
}

std::string url_scheme(const std::string& url) {
    const auto colon = url.find("://");
    return colon == std::string::npos ? "" : lower(url.substr(0, colon));
}

std::optional<HostPort> url_host_port(const std::string& url) {
    static const std::regex shape(
        R"(([A-Za-z][A-Za-z0-9+.-]*)://(\[([0-9A-Fa-f:.]+)\]|[^/?#:\[\]]+)(:([0-9]{1,5}))?([/?#].*)?)");
    std::smatch m;
    if (!std::regex_match(url, m, shape)) return std::nullopt;
    HostPort hp;
    hp.host = m[3].matched ? m[3].str() : m[2].str();
    const std::string scheme = lower(m[1]);
    hp.port = m[5].matched ? std::stoi(m[5]) : (scheme == "http" ? 80 : 443);
    return hp;
}

bool is_loopback_url(const std::string& url) {
    const auto hp = url_host_port(url);
    if (!hp) return false;
    return is_loopback_host(hp->host);
}

std::string join_url(const std::string& base, const std::string& path) {
    if (path.empty()) return base;
    const bool base_slash = !base.empty() && base.back() == '/';
    const bool path_slash = path.front() == '/';
    if (base_slash && path_slash) return base + path.substr(1);
    if (!base_slash && !path_slash) return base + "/" + path;
    return base + path;
}

}  // namespace alliance::sync

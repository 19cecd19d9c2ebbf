#pragma once
// HTTP for sync. Every libcurl call of the sync component lives behind CurlHttpClient (one thin
// wrapper), so that tests can make the transport fail on demand (set_fault) and check how the
// uploader reacts, and so that the TLS rules are set in exactly one place.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace alliance::sync {

struct HttpRequest {
    std::string method = "GET";  // GET | POST | PUT
    std::string url;
    std::map<std::string, std::string> headers;  // name -> value
    std::string body;
};

// Why a request got no HTTP reply at all. The uploader treats every kind as "try again later";
// the kinds exist so that messages (and `check`) can say what to do about it.
enum class TransportFailure { none, dns, connect, tls, timeout, refused_scheme, other };

struct HttpResponse {
    TransportFailure failure = TransportFailure::none;
    std::string error;                           // the failure in words, with advice; empty when a reply arrived
    long status = 0;                             // HTTP status; 0 when no reply arrived
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    bool replied() const { return failure == TransportFailure::none; }
    std::optional<std::string> header(const std::string& lower_name) const;
};

// Transport settings, from [sync] (the TLS keys) and the build (user agent).
struct TransportSettings {
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds total_timeout{60};
    std::filesystem::path ca_file;  // trusted in addition to the system's CAs
    std::string pinned_public_key;  // "sha256//..." or empty
    std::filesystem::path client_cert;
    std::filesystem::path client_key;
    std::string user_agent;  // empty: "alliance-sync/<version>"
    // A reply larger than this (after gzip is undone: a gzip bomb stops here too), or headers
    // larger than max_header_bytes, is cut off and is a transport failure (a retry): a hostile or
    // broken server cannot make the kiosk run out of memory.
    std::size_t max_reply_bytes = std::size_t{32} * 1024 * 1024;
    std::size_t max_header_bytes = std::size_t{64} * 1024;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    virtual HttpResponse perform(const HttpRequest& request) = 0;
};

// Instead of the network: return this reply or transport failure (tests only).
using FaultHook = std::function<std::optional<HttpResponse>(const HttpRequest&)>;

// libcurl with one easy handle, so that consecutive requests reuse the connection. TLS peer and
// host verification are always on; plain http is refused unless the host is loopback; redirects
// are not followed (a redirect could lead to plain http). Proxies come from the environment as
// libcurl reads them (https_proxy, no_proxy, ...), except for loopback URLs, which never go
// through a proxy. Replies are accepted in gzip or identity encoding only, within the size caps.
class CurlHttpClient final : public HttpClient {
public:
    explicit CurlHttpClient(TransportSettings settings);
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    HttpResponse perform(const HttpRequest& request) override;
    // Opens the connection (TCP, TLS handshake with verification and pinning) without sending a
    // request: `check` uses it to report TLS apart from HTTP.
    HttpResponse connect_only(const std::string& url);
    void set_fault(FaultHook hook) { fault_ = std::move(hook); }

private:
    struct Handle;
    TransportSettings settings_;
    std::unique_ptr<Handle> handle_;
    FaultHook fault_;
};

// True for 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach.
bool is_loopback_url(const std::string& url);
// "https" | "http" | "" from the start of `url`, lower-cased.
std::string url_scheme(const std::string& url);
// The host (without brackets) and port of `url`; port defaults from the scheme.
struct HostPort {
    std::string host;
    int port = 0;
};
std::optional<HostPort> url_host_port(const std::string& url);
// `base` + "/" + `path` without doubling or dropping the slash.
std::string join_url(const std::string& base, const std::string& path);

}  // namespace alliance::sync

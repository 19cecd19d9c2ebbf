// The [sync] section: where answers go and how the kiosk proves who it is. The checks here are
// the ones that would otherwise surface only as a failed upload at 3 a.m., or worse, as answers
// sent in the clear or without the credentials IT meant to configure.
#include <regex>

#include "core/base/hosts.h"
#include "core/config/config.h"
#include "core/config/config_reader.h"

namespace alliance::config_detail {
namespace {

// Why `url` is not acceptable as a server address, or "" if it is.
std::string url_problem(const std::string& url) {
    static const std::regex shape("(https?)://([^/?#]*)([/?#].*)?", std::regex::icase);
    // Bounded before any regex: libstdc++'s regex recurses per character.
    constexpr std::size_t max_url = 2048;
    if (url.size() > max_url) return "longer than " + std::to_string(max_url) + " characters";
    std::smatch parts;
    if (url.find_first_of(" \t\r\n") != std::string::npos || !std::regex_match(url, parts, shape)) {
        return "not a URL of the form https://host/path";
    }
    const std::string authority = parts[2];
    if (authority.find('@') != std::string::npos) {
        return "a user name or password inside the URL (secrets belong in their own owner-only files)";
    }
    static const std::regex host_port("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}))?");
    std::smatch host_parts;
    if (!std::regex_match(authority, host_parts, host_port)) return "no valid host name";
    if (host_parts[3].matched) {
        const int port = std::stoi(host_parts[3]);
        if (port < 1 || port > 65535) return "a port outside 1 to 65535";
    }
    std::string scheme = parts[1];
    for (char& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (scheme == "http" && !is_loopback_host(host_parts[1].str())) {
        return "plain http:// to another machine (patients' answers would cross the network unencrypted; "
               "http:// is allowed only to this machine: 127.0.0.1, ::1 or localhost)";
    }
    return "";
}

void read_url(TableReader& reader, std::string_view key, std::string& out) {
    reader.string(key, out);
    if (out.empty()) return;
    const std::string problem = url_problem(out);
    if (!problem.empty()) {
        reader.fail(key, "an https:// URL", "\"" + out + "\": " + problem, reader.take(key));
    }
}

// A key that only makes sense with a given auth is refused with any other: a token file named
// while auth = "none" means the uploads would go out without the credentials IT meant to use.
void require_for_auth(TableReader& reader, const SyncSettings& sync, std::string_view key, bool present,
                      const std::string& wanted_auth, std::string_view what) {
    if (sync.auth == wanted_auth && !present) {
        reader.fail(key, std::string(what) + " (needed for auth = \"" + wanted_auth + "\")", "nothing", nullptr);
    }
    if (sync.auth != wanted_auth && present) {
        reader.fail(key, "this key only with auth = \"" + wanted_auth + "\"", "it with auth = \"" + sync.auth + "\"",
                    reader.take(key));
    }
}

// The keys both token-based auths share (client_id, scope, token_url, the token endpoint's pin):
// refused with any other auth.
void only_with_token_auth(TableReader& reader, const SyncSettings& sync, std::string_view key, bool present) {
    if (present && sync.auth != "oauth2" && sync.auth != "smart-backend") {
        reader.fail(key, "this key only with auth = \"oauth2\" or \"smart-backend\"",
                    "it with auth = \"" + sync.auth + "\"", reader.take(key));
    }
}

void read_auth(TableReader& reader, SyncSettings& sync) {
    reader.choice("auth", sync.auth, {"none", "bearer", "oauth2", "smart-backend"});
    reader.path("token_file", sync.token_file, true);
    read_url(reader, "token_url", sync.token_url);
    reader.string("client_id", sync.client_id);
    reader.path("client_secret_file", sync.client_secret_file, true);
    reader.path("private_key_file", sync.private_key_file, true);
    reader.string("scope", sync.scope);
    require_for_auth(reader, sync, "token_file", !sync.token_file.empty(), "bearer",
                     "the path of the file holding the bearer token");
    if (sync.auth == "oauth2" && sync.token_url.empty())
        reader.fail("token_url", "the https:// URL of the OAuth2 token endpoint (needed for auth = \"oauth2\")",
                    "nothing", nullptr);
    if ((sync.auth == "oauth2" || sync.auth == "smart-backend") && sync.client_id.empty())
        reader.fail("client_id",
                    std::string(sync.auth == "oauth2" ? "the OAuth2 client id"
                                                      : "the client id the server knows this kiosk by") +
                        " (needed for auth = \"" + sync.auth + "\")",
                    "nothing", nullptr);
    require_for_auth(reader, sync, "client_secret_file", !sync.client_secret_file.empty(), "oauth2",
                     "the path of the file holding the OAuth2 client secret");
    require_for_auth(reader, sync, "private_key_file", !sync.private_key_file.empty(), "smart-backend",
                     "the path of the kiosk's private key (alliance-sync keygen writes one)");
    only_with_token_auth(reader, sync, "token_url", !sync.token_url.empty());
    only_with_token_auth(reader, sync, "client_id", !sync.client_id.empty());
    only_with_token_auth(reader, sync, "scope", !sync.scope.empty());
}

void read_pin(TableReader& reader, std::string_view key, std::string& out) {
    reader.string(key, out);
    // libcurl's format: one or more "sha256//<base64 of 32 bytes>" separated by ';'.
    static const std::regex pin("sha256//[A-Za-z0-9+/]{43}=(;sha256//[A-Za-z0-9+/]{43}=)*");
    if (!out.empty() && (out.size() > 1024 || !std::regex_match(out, pin))) {
        reader.fail_value(key,
                          "\"sha256//\" followed by the base64 SHA-256 of the server's public key "
                          "(several separated by ;)");
    }
}

void read_tls(TableReader& reader, SyncSettings& sync) {
    reader.path("ca_file", sync.ca_file, true);
    read_pin(reader, "pinned_public_key", sync.pinned_public_key);
    // The token endpoint is often another machine (the clinic's identity provider): the FHIR
    // server's pin does not apply to it, only its own when given.
    read_pin(reader, "token_pinned_public_key", sync.token_pinned_public_key);
    only_with_token_auth(reader, sync, "token_pinned_public_key", !sync.token_pinned_public_key.empty());
    reader.path("client_cert", sync.client_cert, true);
    reader.path("client_key", sync.client_key, true);
    if (sync.client_cert.empty() != sync.client_key.empty()) {
        const bool key_missing = sync.client_key.empty();
        const std::string missing = key_missing ? "client_key" : "client_cert";
        const std::string other = key_missing ? "client_cert" : "client_key";
        reader.fail(missing, "a path here too because " + other + " is set (mutual TLS needs both)", "nothing",
                    nullptr);
    }
}

}  // namespace

void read_sync(TableReader& reader, SyncSettings& sync) {
    reader.choice("kind", sync.kind, {"fhir", "json", "off"});
    read_url(reader, "url", sync.url);
    if (sync.kind != "off" && sync.url.empty()) {
        reader.fail("url", "the server's https:// URL (needed for kind = \"" + sync.kind + "\")", "nothing", nullptr);
    }
    read_auth(reader, sync);
    read_tls(reader, sync);
    reader.integer("interval_seconds", sync.interval_seconds, 5, 86400);
    reader.integer("batch_size", sync.batch_size, 1, 500);
    reader.integer("connect_timeout_seconds", sync.connect_timeout_seconds, 1, 300);
    reader.integer("timeout_seconds", sync.timeout_seconds, 1, 3600);
    reader.integer("max_backoff_seconds", sync.max_backoff_seconds, 10, 86400);
    reader.integer("max_attempts", sync.max_attempts, 1, 1000);
    reader.integer("max_transaction_entries", sync.max_transaction_entries, 0, 10000);
    reader.identifier_system("encounter_identifier_system", sync.encounter_identifier_system);
    reader.identifier_system("device_identifier_system", sync.device_identifier_system);
    reader.boolean("resolve_encounter", sync.resolve_encounter);
    reader.boolean("allow_without_conditional_create", sync.allow_without_conditional_create);
    reader.finish();
}

}  // namespace alliance::config_detail

#pragma once
// Everything alliance-sync does before touching the network: load and validate the config,
// read the secret files (refusing group- or world-readable ones), check the TLS files exist.
// A problem here is a ConfigError naming the file and the key.
#include <filesystem>
#include <memory>
#include <optional>

#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/http_client.h"
#include "sync/target.h"

namespace alliance::sync {

struct SyncSetup {
    Config config;
    std::string config_label;  // the file, or "the demo defaults"
    std::unique_ptr<CurlHttpClient> http;
    std::unique_ptr<CurlHttpClient> token_http;  // oauth2: the token endpoint's own TLS settings
    std::unique_ptr<Auth> auth;
    std::unique_ptr<Target> target;  // null when [sync] kind = "off"
};

// `config_file` empty: the default file if present, else the demo defaults. `data_dir`
// overrides [storage] dir. Started as root, works as the data directory's owner from then on
// (core/config/data_dir_owner.h), before any secret file is read. Throws ConfigError.
SyncSetup prepare_sync(const std::filesystem::path& config_file, const std::optional<std::filesystem::path>& data_dir);
// The same in two steps, so that a program started as root can switch to the data directory's
// owner (core/config/data_dir_owner.h) after reading the config and before reading any secret file.
Config load_sync_config(const std::filesystem::path& config_file, const std::optional<std::filesystem::path>& data_dir);
SyncSetup prepare_sync(Config config);

TransportSettings transport_settings(const SyncSettings& sync);
// The same for the OAuth2 token endpoint: the FHIR server's pin is not its pin
// (token_pinned_public_key is); CA file, client certificate and timeouts are shared.
TransportSettings token_transport_settings(const SyncSettings& sync);

// <data dir>/sync.request: touching it asks the running daemon for a pass now.
std::filesystem::path sync_request_file(const Config& config);

}  // namespace alliance::sync

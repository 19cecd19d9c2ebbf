#include "sync/setup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "core/config/data_dir_owner.h"
#include "core/content/paths.h"

namespace alliance::sync {
namespace {

void require_readable(const std::filesystem::path& file, const char* key, const std::string& config_label) {
    if (file.empty()) return;
    if (::access(file.c_str(), R_OK) != 0) {
        throw ConfigError(config_label + ": [sync] " + key + ": cannot read " + file.string() +
                          " (missing, or not readable by this user)");
    }
}

void require_owner_only(const std::filesystem::path& file, const char* key, const std::string& config_label) {
    struct stat st {};
    if (file.empty() || ::stat(file.c_str(), &st) != 0) return;
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw ConfigError(config_label + ": [sync] " + key + ": refusing " + file.string() +
                          " because its group or others may read it; a private key must be owner-only: chmod 600 " +
                          file.string());
    }
}

}  // namespace

TransportSettings transport_settings(const SyncSettings& sync) {
    TransportSettings t;
    t.connect_timeout = std::chrono::seconds(sync.connect_timeout_seconds);
    t.total_timeout = std::chrono::seconds(sync.timeout_seconds);
    t.ca_file = sync.ca_file;
    t.pinned_public_key = sync.pinned_public_key;
    t.client_cert = sync.client_cert;
    t.client_key = sync.client_key;
    return t;
}

TransportSettings token_transport_settings(const SyncSettings& sync) {
    TransportSettings t = transport_settings(sync);
    t.pinned_public_key = sync.token_pinned_public_key;
    return t;
}

std::filesystem::path sync_request_file(const Config& config) { return config.storage.dir / "sync.request"; }

Config load_sync_config(const std::filesystem::path& config_file,
                        const std::optional<std::filesystem::path>& data_dir) {
    Config config = load_config_or_demo(config_file);
    if (data_dir) apply_data_dir_override(config, *data_dir);
    return config;
}

SyncSetup prepare_sync(const std::filesystem::path& config_file, const std::optional<std::filesystem::path>& data_dir) {
    Config config = load_sync_config(config_file, data_dir);
    work_as_data_dir_owner(config, "alliance-sync", std::cerr);  // run as root: as the kiosk user
    return prepare_sync(std::move(config));
}

SyncSetup prepare_sync(Config config) {
    SyncSetup setup;
    setup.config = std::move(config);
    setup.config_label =
        setup.config.source_file.empty() ? std::string("the demo defaults") : setup.config.source_file.string();
    const SyncSettings& sync = setup.config.sync;
    if (sync.kind == "off") return setup;
    require_readable(sync.ca_file, "ca_file", setup.config_label);
    require_readable(sync.client_cert, "client_cert", setup.config_label);
    require_readable(sync.client_key, "client_key", setup.config_label);
    require_owner_only(sync.client_key, "client_key", setup.config_label);
    if (sync.auth == "oauth2" || sync.auth == "smart-backend")
        setup.token_http = std::make_unique<CurlHttpClient>(token_transport_settings(sync));
    setup.auth = make_auth(sync, setup.config_label, {}, setup.token_http.get());
    setup.http = std::make_unique<CurlHttpClient>(transport_settings(sync));
    setup.target = make_target(sync, *setup.http, *setup.auth, mapping_options(setup.config));
    return setup;
}

}  // namespace alliance::sync

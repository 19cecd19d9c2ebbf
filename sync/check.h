#pragma once
// `alliance-sync check`: walks the path an upload takes, one step a line, and stops at the first
// step that fails with what to do about it (sync/README.md, "Checking the connection"):
//   config -> dns -> tcp -> tls -> auth -> server (GET <url>/metadata, FHIR 4.0.x)
#include <functional>
#include <string>

#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/http_client.h"

namespace alliance::sync {

struct CheckStep {
    std::string name;  // "config", "dns", "tcp", "tls", "auth", "server"
    bool ok = false;
    bool skipped = false;  // ok, but not applicable (e.g. tls for http to loopback)
    std::string detail;
    std::string advice;  // when it failed: what to do
};

using CheckPrinter = std::function<void(const CheckStep&)>;

// The line printed for a step: "[ ok ] dns     fhir.example.org -> 10.1.2.3", and for a
// failure a second line "       what to do: ...".
std::string format_check_step(const CheckStep& step);

// Runs the network steps (the config step is the caller's: it has to load the file and read
// the secrets first). Returns true when every step passed.
bool run_network_checks(const SyncSettings& sync, CurlHttpClient& http, Auth& auth, const CheckPrinter& print);

}  // namespace alliance::sync

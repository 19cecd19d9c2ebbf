#pragma once
// [fleet] in the commands: the hook of `alliance-sync run` (content pulls and this kiosk's Device)
// and the line of `status`.
#include <functional>
#include <ostream>
#include <string>

#include "core/base/clock.h"
#include "core/store/store.h"
#include "sync/log.h"
#include "sync/setup.h"

namespace alliance::sync {

// For the daemon's on_wake, or empty when [fleet] is off. At the first wake-up, then every
// [fleet] interval_seconds and at once when staff press "Sync now" (sync.request): pulls the
// content (when questionnaire_url or organization is set). At the first wake-up, then every
// device_interval_seconds and on "Sync now": updates this kiosk's Device. It shares `s.http` and
// `s.auth` with the uploader (one connection to the server); `store` gives the queue counts.
std::function<void(SteadyTime now, bool requested)> fleet_hook(const SyncSetup& s, Store& store, const Clock& clock,
                                                               const Log& log);

// `alliance-sync fleet`: prints every kiosk's line to `out`; returns 0 when all are heard from
// and in service, 5 when some need attention, 1 when the server could not be asked (the reason
// on `err`). Throws ConfigError unless [sync] kind = "fhir".
int list_fleet(const SyncSetup& s, std::ostream& out, std::ostream& err);

// "server content: ..." for `alliance-sync status`; empty when [fleet] is off.
std::string fleet_status_line(const Config& config);

}  // namespace alliance::sync

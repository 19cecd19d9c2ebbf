#pragma once
// [fleet] in the commands: the pull hook of `alliance-sync run` and the line of `status`.
#include <functional>
#include <string>

#include "core/clock.h"
#include "sync/log.h"
#include "sync/setup.h"

namespace alliance::sync {

// For the daemon's on_wake: pulls at the first wake-up, then every [fleet] interval_seconds, and
// at once when staff press "Sync now" (sync.request). Empty when [fleet] is off. It shares
// `s.http` and `s.auth` with the uploader (one connection to the server).
std::function<void(SteadyTime now, bool requested)> fleet_pull_hook(const SyncSetup& s, const Clock& clock,
                                                                    const Log& log);

// "server content: ..." for `alliance-sync status`; empty when [fleet] is off.
std::string fleet_status_line(const Config& config);

}  // namespace alliance::sync

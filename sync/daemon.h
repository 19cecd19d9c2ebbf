#pragma once
// `alliance-sync run`: the loop systemd keeps alive. It runs a pass at start, then
//  - within a couple of seconds when the queue grows (a patient finished: it polls the store's
//    counts, a few indexed COUNTs, every `poll`),
//  - at once when <data dir>/sync.request appears or changes (staff "sync now" touches it),
//  - every `interval` anyway (records whose retry time has come),
//  - after a failure, not before the backoff has passed (unless staff asked).
// Each pass holds the pass lock (sync/pass_lock.h), so that a `push` meanwhile waits for it.
// Retention (sync/retention.h) is applied at start and every `purge_every`.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/base/clock.h"
#include "core/store/store.h"
#include "sync/log.h"
#include "sync/uploader.h"

namespace alliance::sync {

struct DaemonOptions {
    PassOptions pass;
    std::chrono::seconds interval{60};
    std::chrono::milliseconds poll{2000};
    std::filesystem::path request_file;        // <data dir>/sync.request
    std::filesystem::path lock_file;           // <data dir>/sync.lock; empty: no lock (tests)
    std::optional<RetentionPolicy> retention;  // nullopt: no purge (tests)
    std::chrono::seconds purge_every{3600};
    // Called at every wake-up, before any pass: `requested` when sync.request changed ([fleet]
    // pulls use it; sync/fleet_command.cpp). Empty: nothing.
    std::function<void(SteadyTime now, bool requested)> on_wake;
};

// Runs passes until `stop` becomes true (SIGTERM); returns how many passes ran. A busy or
// briefly failing store is logged and tried again at the next poll; other StoreErrors escape.
int run_daemon(Store& store, Uploader& uploader, const Clock& clock, const Log& log, const DaemonOptions& options,
               const std::atomic<bool>& stop);

}  // namespace alliance::sync

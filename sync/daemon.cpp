#include "sync/daemon.h"

#include <sys/stat.h>

#include <algorithm>
#include <thread>
#include <tuple>

#include "sync/pass_lock.h"
#include "sync/retention.h"

namespace alliance::sync {
namespace {

using Steady = std::chrono::steady_clock;

// What tells one version of the request file from another: it appeared, was touched, rewritten.
struct FileStamp {
    bool exists = false;
    ino_t inode = 0;
    std::int64_t mtime_ns = 0;
    off_t size = 0;
    bool operator==(const FileStamp& o) const {
        return std::tie(exists, inode, mtime_ns, size) == std::tie(o.exists, o.inode, o.mtime_ns, o.size);
    }
};

FileStamp stamp(const std::filesystem::path& file) {
    struct stat st {};
    if (file.empty() || ::stat(file.c_str(), &st) != 0) return {};
    return {true, st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
            st.st_size};
}

// Sleeps `d` in short slices so that SIGTERM ends the loop promptly.
void sleep_unless_stopped(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
    const auto end = Steady::now() + d;
    while (!stop.load() && Steady::now() < end) {
        std::this_thread::sleep_for(std::min<Steady::duration>(std::chrono::milliseconds(100), end - Steady::now()));
    }
}

bool transient(const StoreError& e) { return e.kind() == StoreErrorKind::busy || e.kind() == StoreErrorKind::io_error; }

}  // namespace

int run_daemon(Store& store, Uploader& uploader, const Clock& clock, const Log& log, const DaemonOptions& options,
               const std::atomic<bool>& stop) {
    int passes = 0;
    int streak = 0;
    bool holding = false;                       // backing off after a failed pass ...
    SteadyTime hold_until = SteadyTime::min();  // ... until then
    SteadyTime next_periodic = clock.steady_now();
    std::int64_t last_pending = -1;
    FileStamp last_request = stamp(options.request_file);
    SteadyTime next_purge = clock.steady_now();
    log.info("sync daemon started: polling every " + std::to_string(options.poll.count()) +
             " ms, a pass at least every " + std::to_string(options.interval.count()) + " s; touch " +
             options.request_file.string() + " to sync at once");
    while (!stop.load()) {
        try {
            const SteadyTime now = clock.steady_now();
            if (options.retention && now >= next_purge) {
                purge_expired(store, *options.retention, clock, log);
                next_purge = now + options.purge_every;
            }
            const FileStamp request = stamp(options.request_file);
            bool due = false;
            bool requested = false;
            if (!(request == last_request)) {
                last_request = request;
                if (request.exists) {
                    log.info("sync requested (" + options.request_file.string() + " changed)");
                    due = requested = true;
                }
            }
            if (options.on_wake) options.on_wake(now, requested);
            const bool held = holding && now < hold_until;
            if (!due && !held) {
                const std::int64_t pending = store.counts().pending;
                due = now >= next_periodic || pending > last_pending || holding;
            }
            if (due) {
                PassOptions pass_options = options.pass;
                pass_options.failure_streak = streak;
                pass_options.ignore_retry_times = requested;
                std::optional<PassLock> lock =
                    options.lock_file.empty() ? std::nullopt : PassLock::acquire(options.lock_file, options.poll);
                if (!options.lock_file.empty() && !lock) {
                    log.info("a push is sending right now; the next pass waits for it");
                    if (requested) last_request = FileStamp{};  // still asked for: keep it due
                    sleep_unless_stopped(options.poll, stop);
                    continue;
                }
                const PassReport report = uploader.pass(pass_options, &stop);
                lock.reset();
                ++passes;
                if (report.stopped_by_failure) {
                    // A pass that got something through before failing shows a server that works
                    // but stumbles (a dropped reply): back off briefly, not ever longer.
                    streak = report.sent > 0 ? 1 : streak + 1;
                    const auto wait = *report.retry_at - clock.wall_now();
                    holding = true;
                    hold_until = clock.steady_now() + std::chrono::duration_cast<Steady::duration>(wait);
                } else {
                    streak = 0;
                    holding = false;
                }
                last_pending = store.counts().pending;
                next_periodic = clock.steady_now() + options.interval;
            }
        } catch (const StoreError& e) {
            if (!transient(e)) throw;
            log.warning(std::string("the local store is not available right now, trying again shortly: ") + e.what());
        }
        // Wake when the backoff ends rather than at the next poll: after a brief failure (a
        // dropped reply) the next attempt should not wait for the poll.
        auto sleep = std::chrono::duration_cast<std::chrono::milliseconds>(options.poll);
        if (holding) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(hold_until - clock.steady_now());
            sleep = std::clamp(left, std::chrono::milliseconds(10), sleep);
        }
        sleep_unless_stopped(sleep, stop);
    }
    log.info("sync daemon stopping");
    return passes;
}

}  // namespace alliance::sync

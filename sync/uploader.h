#pragma once
// One upload pass over the store's queue (sync/README.md): oldest first, a chunk at a time (32
// responses, or one batch when batches are larger; the queue is never loaded whole), sent in
// batches of [sync] batch_size, each response marked sent, rejected or failed-for-later, the
// chunk's marks in one store transaction.
//  - A batch refused as a whole (4xx) is sent again one response at a time, so that the bad
//    one is found, marked rejected with the server's message, and no longer holds back the rest.
//  - A failure that is nobody's fault in particular (5xx, 429, timeout, lost connection) marks
//    the batch failed with a next attempt after the backoff, and ends the pass: the rest of the
//    queue is not sent into a server that is down. Each response backs off on its own (by its
//    attempts), so one that keeps failing is overtaken by later ones.
//  - A batch that fails again (one of its responses failed before) is sent one response at a
//    time: the others land, and the one at fault fails alone. Such a failure, when the server's
//    error is one a record can cause (HTTP 500, not 503 or a lost connection), is the response's
//    own; it does not end the pass, and after [sync] max_attempts of them the response is held.
//    Two responses in a row failing alone with nothing sent between them means the server is
//    down after all: the pass ends and no failure is counted as anyone's own.
//  - A batch refused as a whole whose responses are all accepted one at a time means the server
//    limits the size of a request (Medplum: 8 entries in a transaction of conditional creates):
//    the uploader halves its batches from then on, for as long as it lives.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/store/store.h"
#include "sync/log.h"
#include "sync/target.h"

namespace alliance::sync {

struct PassOptions {
    std::size_t batch_size = 25;
    std::chrono::seconds max_backoff{900};
    int failure_streak = 0;  // consecutive failed passes before this one (the daemon keeps it)
    // A person asked (`push`, staff "sync now"): responses waiting for their retry time go too.
    bool ignore_retry_times = false;
    int max_attempts = 8;  // [sync] max_attempts: own failures before a response is held
};

struct PassReport {
    int sent = 0;
    int rejected = 0;
    int deferred = 0;  // marked failed, to be tried again at retry_at
    int held = 0;      // failed on its own max_attempts times: held until requeued
    int requests = 0;  // batches and single sends
    bool stopped_by_failure = false;
    std::string failure;  // why it stopped, for the log and `status`
    std::optional<WallTime> retry_at;
};

class Uploader {
public:
    // `random` gives the jitter, in [0, 1); default libsodium's generator.
    Uploader(Store& store, Target& target, const Clock& clock, const Log& log, std::function<double()> random = {});

    // Runs until the queue has nothing due, a failure stops it, or `stop` becomes true (checked
    // between batches). Records the pass in the store's audit table when it did anything.
    PassReport pass(const PassOptions& options, const std::atomic<bool>* stop = nullptr);

private:
    struct Delivery;
    // Responses claimed from the store at once (several requests' worth when batches are small).
    static constexpr std::size_t claim_chunk = 32;
    std::size_t request_size(const PassOptions& options) const;
    Delivery deliver(const std::vector<QueuedResponse>& batch, PassReport& report);
    // Sends each response of `batch` alone (after the batch was refused or failed again).
    void deliver_one_by_one(const std::vector<QueuedResponse>& batch, Delivery& delivery, PassReport& report);
    void apply(const std::vector<QueuedResponse>& batch, const Delivery& delivery, const PassOptions& options,
               PassReport& report);

    Store& store_;
    Target& target_;
    const Clock& clock_;
    const Log& log_;
    std::function<double()> random_;
    std::size_t batch_limit_ = 0;  // learnt from the server; 0 = none yet
};

}  // namespace alliance::sync

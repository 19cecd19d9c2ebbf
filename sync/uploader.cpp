#include "sync/uploader.h"

#include <algorithm>

#include "core/time_format.h"
#include "sync/backoff.h"
#include "sync/text_util.h"

namespace alliance::sync {

struct Uploader::Delivery {
    std::vector<RecordOutcome> records;  // one per response of the batch
    std::string failure;                 // why the records marked retry could not go
    std::optional<std::chrono::seconds> retry_after;
};

Uploader::Uploader(Store& store, Target& target, const Clock& clock, const Log& log,
                   std::function<double()> random)
    : store_(store), target_(target), clock_(clock), log_(log), random_(std::move(random)) {
    if (!random_) random_ = [] { return unit_random(); };
}

std::size_t Uploader::request_size(const PassOptions& options) const {
    return std::max<std::size_t>(
        1, batch_limit_ == 0 ? options.batch_size : std::min(options.batch_size, batch_limit_));
}

Uploader::Delivery Uploader::deliver(const std::vector<QueuedResponse>& batch, PassReport& report) {
    std::vector<const Response*> responses;
    for (const auto& q : batch) responses.push_back(&q.response);
    Delivery delivery;
    ++report.requests;
    BatchResult result = target_.send(responses);
    if (result.kind == BatchResult::Kind::per_record) {
        delivery.records = std::move(result.records);
        return delivery;
    }
    if (result.kind == BatchResult::Kind::retry) {
        delivery.records.assign(batch.size(), RecordOutcome{Verdict::retry, result.reason});
        delivery.failure = result.reason;
        delivery.retry_after = result.retry_after;
        return delivery;
    }
    if (batch.size() == 1) {
        delivery.records.push_back(RecordOutcome{Verdict::rejected, result.reason});
        return delivery;
    }
    // Refused as a whole: one at a time finds the bad record(s) and lets the others through.
    log_.info("a batch of " + std::to_string(batch.size()) + " was refused (" +
              redact_quoted(result.reason) +
              "); sending its responses one at a time to find the bad one");
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!delivery.failure.empty()) {
            delivery.records.push_back(RecordOutcome{Verdict::retry, delivery.failure});
            continue;
        }
        ++report.requests;
        BatchResult single = target_.send({responses[i]});
        if (single.kind == BatchResult::Kind::per_record) {
            delivery.records.push_back(single.records.at(0));
        } else if (single.kind == BatchResult::Kind::refused_whole) {
            delivery.records.push_back(RecordOutcome{Verdict::rejected, single.reason});
        } else {
            delivery.records.push_back(RecordOutcome{Verdict::retry, single.reason});
            delivery.failure = single.reason;
            delivery.retry_after = single.retry_after;
        }
    }
    const bool all_sent =
        std::all_of(delivery.records.begin(), delivery.records.end(),
                    [](const RecordOutcome& r) { return r.verdict == Verdict::sent; });
    if (all_sent) {
        batch_limit_ = std::max<std::size_t>(1, batch.size() / 2);
        log_.warning("the server refused a batch of " + std::to_string(batch.size()) +
                     " but accepted each response alone, so it limits the size of a request: "
                     "sending at most " +
                     std::to_string(batch_limit_) +
                     " per request from now on (lower [sync] batch_size to match)");
    }
    return delivery;
}

void Uploader::apply(const std::vector<QueuedResponse>& batch, const Delivery& delivery,
                     const PassOptions& options, PassReport& report) {
    const WallTime now = clock_.wall_now();
    const WallTime retry_at = now + std::chrono::duration_cast<WallTime::duration>(backoff_delay(
                                        options.failure_streak + 1, options.max_backoff, random_(),
                                        delivery.retry_after));
    if (!delivery.failure.empty()) report.failure = delivery.failure;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::string& id = batch[i].session_id;
        const RecordOutcome& outcome = delivery.records.at(i);
        switch (outcome.verdict) {
            case Verdict::sent:
                store_.mark_sent(id, outcome.detail, now);
                ++report.sent;
                break;
            case Verdict::rejected: {
                // The store keeps the server's full message for `status`; the log and the audit
                // table get it with anything quoted taken out (it may quote an answer).
                store_.mark_rejected(id, outcome.detail, now);
                const std::string safe = redact_quoted(outcome.detail);
                log_.error("response " + id +
                           " was REJECTED by the server and will not be sent again: " + safe);
                store_.audit("sync", "reject", "rejected",
                             "session " + id + ": " + shorten(safe, 300), now);
                ++report.rejected;
                break;
            }
            case Verdict::retry:
                store_.mark_failed(id, outcome.detail, retry_at);
                ++report.deferred;
                report.stopped_by_failure = true;
                report.retry_at = retry_at;
                break;
        }
    }
}

PassReport Uploader::pass(const PassOptions& options, const std::atomic<bool>* stop) {
    PassReport report;
    auto stopping = [&] { return report.stopped_by_failure || (stop != nullptr && stop->load()); };
    while (!stopping()) {
        // claim_batch hands out what is due by the time given; "due by a century from now" is
        // everything pending. Rows are marked with the real time below, and a failure ends the
        // pass, so nothing is claimed twice in one pass.
        const WallTime due_by = options.ignore_retry_times
                                    ? clock_.wall_now() + std::chrono::hours(24 * 365 * 100)
                                    : clock_.wall_now();
        // A chunk of several requests' worth is claimed and marked at once: two store commits per
        // chunk instead of per request. Unsent ones (the pass stopped) are given back.
        const std::size_t per_request = request_size(options);
        const std::size_t chunk_size =
            per_request * std::max<std::size_t>(1, claim_chunk / per_request);
        const std::vector<QueuedResponse> chunk = store_.claim_batch(chunk_size, due_by);
        if (chunk.empty()) break;
        std::vector<std::pair<std::vector<QueuedResponse>, Delivery>> delivered;
        std::size_t next = 0;
        while (next < chunk.size() && !stopping()) {
            const std::size_t end = std::min(chunk.size(), next + request_size(options));
            std::vector<QueuedResponse> batch(chunk.begin() + static_cast<std::ptrdiff_t>(next),
                                              chunk.begin() + static_cast<std::ptrdiff_t>(end));
            Delivery delivery = deliver(batch, report);
            // Anything to retry ends the pass, as apply() records below.
            if (std::any_of(delivery.records.begin(), delivery.records.end(),
                            [](const RecordOutcome& r) { return r.verdict == Verdict::retry; }))
                report.stopped_by_failure = true;
            delivered.emplace_back(std::move(batch), std::move(delivery));
            next = end;
        }
        // One commit for the chunk; a crash before it leaves every record to be sent again,
        // which the server's conditional create makes harmless.
        store_.write_together([&] {
            for (const auto& [batch, delivery] : delivered) apply(batch, delivery, options, report);
            for (std::size_t i = next; i < chunk.size(); ++i)
                store_.release_claim(chunk[i].session_id);
        });
    }
    if (report.requests == 0) return report;
    std::string summary = "sent " + std::to_string(report.sent) + ", rejected " +
                          std::to_string(report.rejected) + ", to retry " +
                          std::to_string(report.deferred);
    if (report.stopped_by_failure) {
        summary +=
            " at " + to_rfc3339(*report.retry_at) + " (" + redact_quoted(report.failure) + ")";
        log_.warning("upload stopped: " + summary);
    } else {
        log_.info("upload done: " + summary);
    }
    const char* outcome = report.stopped_by_failure ? "failed"
                          : report.rejected > 0     ? "partial"
                                                    : "ok";
    store_.audit("sync", "push", outcome, shorten(summary, 500), clock_.wall_now());
    return report;
}

}  // namespace alliance::sync

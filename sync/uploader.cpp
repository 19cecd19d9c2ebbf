#include "sync/uploader.h"

#include <algorithm>
#include <set>

#include "core/base/time_format.h"
#include "sync/backoff.h"
#include "sync/text_util.h"

namespace alliance::sync {

struct Uploader::Delivery {
    std::vector<RecordOutcome> records;  // one per response of the batch
    std::vector<bool> own;               // per response: a retry that is its own failure
    std::string failure;                 // the server seems down: why; ends the pass
    std::optional<std::chrono::seconds> retry_after;
};

Uploader::Uploader(Store& store, Target& target, const Clock& clock, const Log& log, std::function<double()> random)
    : store_(store), target_(target), clock_(clock), log_(log), random_(std::move(random)) {
    if (!random_) random_ = [] { return unit_random(); };
}

std::size_t Uploader::request_size(const PassOptions& options) const {
    return std::max<std::size_t>(1,
                                 batch_limit_ == 0 ? options.batch_size : std::min(options.batch_size, batch_limit_));
}

Uploader::Delivery Uploader::deliver(const std::vector<QueuedResponse>& batch, PassReport& report) {
    std::vector<const Response*> responses;
    for (const auto& q : batch) responses.push_back(&q.response);
    Delivery delivery;
    delivery.own.assign(batch.size(), false);
    ++report.requests;
    BatchResult result = target_.send(responses);
    if (result.kind == BatchResult::Kind::per_record) {
        delivery.records = std::move(result.records);
        // A transaction answered entry by entry: a retry there is that response's own, unless
        // nothing at all got through.
        const bool any_sent = std::any_of(delivery.records.begin(), delivery.records.end(),
                                          [](const RecordOutcome& r) { return r.verdict == Verdict::sent; });
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (delivery.records[i].verdict != Verdict::retry) continue;
            if (any_sent || batch.size() == 1)
                delivery.own[i] = true;
            else
                delivery.failure = delivery.records[i].detail;
        }
        return delivery;
    }
    const bool tried_before =
        std::any_of(batch.begin(), batch.end(), [](const QueuedResponse& q) { return q.attempts > 0; });
    if (result.kind == BatchResult::Kind::retry && (batch.size() == 1 || !tried_before)) {
        delivery.records.assign(batch.size(), RecordOutcome{Verdict::retry, result.reason});
        if (batch.size() == 1 && result.record_may_be_at_fault) {
            delivery.own[0] = true;  // alone, and an error a record can cause
        } else {
            delivery.failure = result.reason;
            delivery.retry_after = result.retry_after;
        }
        return delivery;
    }
    if (result.kind == BatchResult::Kind::refused_whole && batch.size() == 1) {
        delivery.records.push_back(RecordOutcome{Verdict::rejected, result.reason});
        return delivery;
    }
    const bool refused = result.kind == BatchResult::Kind::refused_whole;
    log_.info("a batch of " + std::to_string(batch.size()) + (refused ? " was refused (" : " failed again (") +
              redact_quoted(printable(result.reason)) +
              "); sending its responses one at a time to find the one at fault");
    deliver_one_by_one(batch, delivery, report);
    const bool all_sent = std::all_of(delivery.records.begin(), delivery.records.end(),
                                      [](const RecordOutcome& r) { return r.verdict == Verdict::sent; });
    if (refused && all_sent) {
        batch_limit_ = std::max<std::size_t>(1, batch.size() / 2);
        log_.warning("the server refused a batch of " + std::to_string(batch.size()) +
                     " but accepted each response alone, so it limits the size of a request: "
                     "sending at most " +
                     std::to_string(batch_limit_) + " per request from now on (lower [sync] batch_size to match)");
    }
    return delivery;
}

void Uploader::deliver_one_by_one(const std::vector<QueuedResponse>& batch, Delivery& delivery, PassReport& report) {
    bool any_sent = false;
    int failed_in_row = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!delivery.failure.empty()) {
            delivery.records.push_back(RecordOutcome{Verdict::retry, delivery.failure});
            continue;
        }
        ++report.requests;
        BatchResult single = target_.send({&batch[i].response});
        if (single.kind == BatchResult::Kind::per_record) {
            delivery.records.push_back(single.records.at(0));
        } else if (single.kind == BatchResult::Kind::refused_whole) {
            delivery.records.push_back(RecordOutcome{Verdict::rejected, single.reason});
        } else {
            delivery.records.push_back(RecordOutcome{Verdict::retry, single.reason});
            delivery.retry_after = single.retry_after;
        }
        const Verdict verdict = delivery.records.back().verdict;
        any_sent = any_sent || verdict == Verdict::sent;
        failed_in_row = verdict == Verdict::retry ? failed_in_row + 1 : 0;
        if (verdict != Verdict::retry) continue;
        delivery.own[i] = single.kind == BatchResult::Kind::per_record || single.record_may_be_at_fault;
        // Two in a row failing alone, nothing through: the server is down, nobody's fault.
        if (!delivery.own[i] || (failed_in_row >= 2 && !any_sent)) {
            delivery.failure = delivery.records.back().detail;
            std::fill(delivery.own.begin(), delivery.own.end(), false);
        }
    }
}

void Uploader::apply(const std::vector<QueuedResponse>& batch, const Delivery& delivery, const PassOptions& options,
                     PassReport& report) {
    const WallTime now = clock_.wall_now();
    if (!delivery.failure.empty()) {
        report.failure = delivery.failure;
        report.stopped_by_failure = true;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::string& id = batch[i].session_id;
        const RecordOutcome& outcome = delivery.records.at(i);
        switch (outcome.verdict) {
            case Verdict::sent:
                store_.mark_sent(id, outcome.detail, now);
                if (!outcome.warning.empty()) log_.warning(redact_quoted(printable(outcome.warning)));
                ++report.sent;
                break;
            case Verdict::rejected: {
                // The store keeps the server's full message for `status`; the log and the audit
                // table get it with anything quoted taken out (it may quote an answer).
                store_.mark_rejected(id, printable(outcome.detail), now);
                const std::string safe = redact_quoted(printable(outcome.detail));
                log_.error("response " + id + " was REJECTED by the server and will not be sent again: " + safe);
                store_.audit("sync", "reject", "rejected", "session " + id + ": " + shorten(safe, 300), now);
                ++report.rejected;
                break;
            }
            case Verdict::retry: {
                // Each response backs off by its own attempts (this one included), or by the
                // daemon's run of failed passes when that is longer.
                const int failures = std::max(options.failure_streak + 1, batch[i].attempts + 1);
                const WallTime retry_at = now + std::chrono::duration_cast<WallTime::duration>(backoff_delay(
                                                    failures, options.max_backoff, random_(), delivery.retry_after));
                const std::string detail = printable(outcome.detail);
                if (delivery.own.at(i) && store_.mark_failed_own(id, detail, retry_at, options.max_attempts, now)) {
                    const std::string safe = redact_quoted(detail);
                    log_.error("response " + id + " is HELD after failing on its own " +
                               std::to_string(options.max_attempts) +
                               " times ([sync] max_attempts); it is kept and not sent again until "
                               "`alliance-sync requeue --held`: " +
                               safe);
                    store_.audit("sync", "hold", "held", "session " + id + ": " + shorten(safe, 300), now);
                    ++report.held;
                    break;
                }
                if (!delivery.own.at(i)) store_.mark_failed(id, detail, retry_at);
                ++report.deferred;
                if (!report.retry_at || retry_at < *report.retry_at) report.retry_at = retry_at;
                break;
            }
        }
    }
}

PassReport Uploader::pass(const PassOptions& options, const std::atomic<bool>* stop) {
    PassReport report;
    auto stopping = [&] { return report.stopped_by_failure || (stop != nullptr && stop->load()); };
    // A response that failed on its own does not end the pass; it is not tried again in it.
    std::set<std::string> failed_in_pass;
    while (!stopping()) {
        // claim_batch hands out what is due by the time given; "due by a century from now" is
        // everything pending. Rows are marked with the real time below; one claimed again after it
        // failed in this pass is given back untried.
        const WallTime due_by =
            options.ignore_retry_times ? clock_.wall_now() + std::chrono::hours(24 * 365 * 100) : clock_.wall_now();
        // A chunk of several requests' worth is claimed and marked at once: two store commits per
        // chunk instead of per request. Unsent ones (the pass stopped) are given back.
        const std::size_t per_request = request_size(options);
        const std::size_t chunk_size = per_request * std::max<std::size_t>(1, claim_chunk / per_request);
        std::vector<QueuedResponse> claimed = store_.claim_batch(chunk_size, due_by);
        std::vector<QueuedResponse> chunk;
        std::vector<std::string> give_back;
        for (auto& q : claimed) {
            if (failed_in_pass.count(q.session_id) != 0)
                give_back.push_back(q.session_id);
            else
                chunk.push_back(std::move(q));
        }
        if (chunk.empty()) {
            store_.write_together([&] {
                for (const auto& id : give_back) store_.release_claim(id);
            });
            break;
        }
        std::vector<std::pair<std::vector<QueuedResponse>, Delivery>> delivered;
        std::size_t next = 0;
        bool server_down = false;
        while (next < chunk.size() && !server_down && !(stop != nullptr && stop->load())) {
            const std::size_t end = std::min(chunk.size(), next + request_size(options));
            std::vector<QueuedResponse> batch(chunk.begin() + static_cast<std::ptrdiff_t>(next),
                                              chunk.begin() + static_cast<std::ptrdiff_t>(end));
            Delivery delivery = deliver(batch, report);
            server_down = !delivery.failure.empty();  // ends the pass, as apply() records below
            for (std::size_t i = 0; i < batch.size(); ++i)
                if (delivery.records.at(i).verdict == Verdict::retry) failed_in_pass.insert(batch[i].session_id);
            delivered.emplace_back(std::move(batch), std::move(delivery));
            next = end;
        }
        // One commit for the chunk; a crash before it leaves every record to be sent again,
        // which the server's conditional create makes harmless.
        store_.write_together([&] {
            for (const auto& [batch, delivery] : delivered) apply(batch, delivery, options, report);
            for (std::size_t i = next; i < chunk.size(); ++i) store_.release_claim(chunk[i].session_id);
            for (const auto& id : give_back) store_.release_claim(id);
        });
    }
    if (report.requests == 0) return report;
    std::string summary = "sent " + std::to_string(report.sent) + ", rejected " + std::to_string(report.rejected) +
                          ", to retry " + std::to_string(report.deferred) + ", held " + std::to_string(report.held);
    if (report.stopped_by_failure) {
        summary += " at " + to_rfc3339(*report.retry_at) + " (" + redact_quoted(printable(report.failure)) + ")";
        log_.warning("upload stopped: " + summary);
    } else {
        log_.info("upload done: " + summary);
    }
    const char* outcome = report.stopped_by_failure                                       ? "failed"
                          : report.rejected > 0 || report.held > 0 || report.deferred > 0 ? "partial"
                                                                                          : "ok";
    store_.audit("sync", "push", outcome, shorten(summary, 500), clock_.wall_now());
    return report;
}

}  // namespace alliance::sync

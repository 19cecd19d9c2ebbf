#include "sync/retention.h"

namespace alliance::sync {

RetentionPolicy retention_policy(const StorageSettings& storage) {
    RetentionPolicy policy;
    policy.sent_days = storage.retention_days;
    policy.stopped_days = storage.stopped_retention_days;
    policy.audit_days = storage.audit_retention_days;
    return policy;
}

PurgeReport purge_expired(Store& store, const RetentionPolicy& policy, const Clock& clock, const Log& log) {
    const PurgeReport report = store.purge(policy, clock.wall_now());
    if (report.responses + report.audit == 0) return report;
    const std::string summary =
        "purged " + std::to_string(report.responses) + " sent responses and " + std::to_string(report.audit) +
        " audit rows past their retention (" + std::to_string(policy.sent_days) + " days for completed, " +
        std::to_string(policy.stopped_days) + " for stopped, " + std::to_string(policy.audit_days) + " for audit rows)";
    log.info(summary);
    store.audit("sync", "purge", "ok", summary, clock.wall_now());
    return report;
}

}  // namespace alliance::sync

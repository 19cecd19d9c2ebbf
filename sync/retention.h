#pragma once
// Retention as alliance-sync applies it ([storage] retention_days, stopped_retention_days,
// audit_retention_days): `run` purges at start and hourly, `push` after its pass. With
// [sync] kind = "off" nothing is ever sent, so no response is ever purged: answers stay until
// they are exported and deleted by IT.
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/store/store.h"
#include "sync/log.h"

namespace alliance::sync {

RetentionPolicy retention_policy(const StorageSettings& storage);

// Purges per `policy`, logs and audits what went when anything did. Returns the report.
PurgeReport purge_expired(Store& store, const RetentionPolicy& policy, const Clock& clock, const Log& log);

}  // namespace alliance::sync

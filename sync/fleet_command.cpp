#include "sync/fleet_command.h"

#include <memory>

#include "core/fleet_content.h"
#include "sync/fleet_pull.h"

namespace alliance::sync {

std::function<void(SteadyTime, bool)> fleet_pull_hook(const SyncSetup& s, const Clock& clock, const Log& log) {
    if (!s.config.fleet.enabled || !s.http || !s.auth) return {};
    auto puller = std::make_shared<FleetPuller>(s.config, *s.http, *s.auth, clock, log);
    const auto interval = std::chrono::seconds(s.config.fleet.interval_seconds);
    auto next = std::make_shared<std::optional<SteadyTime>>();
    log.info("fleet: pulling content from the server at start and every " + std::to_string(interval.count()) + " s");
    return [puller, next, interval, &clock](SteadyTime now, bool requested) {
        if (!requested && next->has_value() && now < **next) return;
        puller->pull();
        *next = clock.steady_now() + interval;
    };
}

std::string fleet_status_line(const Config& config) {
    if (!config.fleet.enabled) return "";
    return "server content: " + fleet::describe(fleet::read_status(config));
}

}  // namespace alliance::sync

#include "sync/fleet_command.h"

#include <memory>

#include "core/content/fleet_content.h"
#include "sync/device_health.h"
#include "sync/fleet_list.h"
#include "sync/fleet_pull.h"

namespace alliance::sync {
namespace {

// Something to do every `interval`, at the first wake-up and when staff ask.
struct Every {
    std::chrono::seconds interval;
    std::optional<SteadyTime> next;
    bool due(SteadyTime now, bool requested) const { return requested || !next || now >= *next; }
    void done(SteadyTime now) { next = now + interval; }
};

}  // namespace

std::function<void(SteadyTime, bool)> fleet_hook(const SyncSetup& s, Store& store, const Clock& clock, const Log& log) {
    const FleetSettings& f = s.config.fleet;
    if (!f.enabled || !s.http || !s.auth) return {};
    const bool pulls = !f.questionnaire_url.empty() || !f.organization.empty();
    struct State {
        FleetPuller puller;
        Every pull, device;
        std::string device_problem;
    };
    auto state = std::make_shared<State>(State{FleetPuller(s.config, *s.http, *s.auth, clock, log),
                                               {std::chrono::seconds(f.interval_seconds), {}},
                                               {std::chrono::seconds(f.device_interval_seconds), {}},
                                               ""});
    log.info(
        "fleet: " + (pulls ? "pulling content every " + std::to_string(f.interval_seconds) + " s, " : std::string()) +
        "reporting this kiosk's Device every " + std::to_string(f.device_interval_seconds) + " s");
    HttpClient& http = *s.http;
    Auth& auth = *s.auth;
    const Config& config = s.config;
    return [state, pulls, &http, &auth, &config, &store, &clock, &log](SteadyTime now, bool requested) {
        // The Device first: the pull then ends the work of a wake-up (tests wait for status.json).
        if (state->device.due(now, requested)) {
            const std::string problem =
                put_device(config.sync.url, http, auth, collect_device_report(config, store, clock.wall_now()));
            if (problem != state->device_problem) {
                if (problem.empty())
                    log.info("fleet: this kiosk's Device is up to date on the server again");
                else
                    log.warning("fleet: cannot update this kiosk's Device on the server: " + problem);
            }
            state->device_problem = problem;
            state->device.done(clock.steady_now());
        }
        if (pulls && state->pull.due(now, requested)) {
            state->puller.pull();
            state->pull.done(clock.steady_now());
        }
    };
}

int list_fleet(const SyncSetup& s, std::ostream& out, std::ostream& err) {
    if (s.config.sync.kind != "fhir" || !s.http || !s.auth) {
        throw ConfigError(s.config_label +
                          ": [sync] kind: expected \"fhir\" for `fleet` (the kiosks' Devices are on "
                          "the FHIR server), got \"" +
                          s.config.sync.kind + "\"");
    }
    const FleetListing listing = fetch_fleet(s.config, *s.http, *s.auth);
    if (!listing.problem.empty()) {
        err << "alliance-sync: fleet: " << listing.problem << std::endl;
        return 1;
    }
    int flagged = 0;
    out << format_fleet(listing.kiosks, std::chrono::system_clock::now(),
                        std::chrono::minutes(s.config.fleet.silent_after_minutes), flagged)
        << std::flush;
    return flagged > 0 ? 5 : 0;
}

std::string fleet_status_line(const Config& config) {
    if (!config.fleet.enabled) return "";
    if (config.fleet.questionnaire_url.empty() && config.fleet.organization.empty())
        return "server content: none pulled ([fleet] has no questionnaire_url or organization)";
    return "server content: " + fleet::describe(fleet::read_status(config));
}

}  // namespace alliance::sync

// alliance-sync: delivers the kiosk's completed responses to the clinic's server (sync/README.md).
// This file only wires the command line to the sync library.
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include "core/base/build_info.h"
#include "core/base/clock.h"
#include "core/base/error_codes.h"
#include "core/base/time_format.h"
#include "core/config/data_dir_owner.h"
#include "core/store/store.h"
#include "sync/capabilities.h"
#include "sync/check.h"
#include "sync/daemon.h"
#include "sync/export.h"
#include "sync/feedback_commands.h"
#include "sync/fleet_command.h"
#include "sync/log.h"
#include "sync/pass_lock.h"
#include "sync/retention.h"
#include "sync/setup.h"
#include "sync/smart_key.h"
#include "sync/text_util.h"
#include "sync/uploader.h"

namespace {

using namespace alliance;
using namespace alliance::sync;

// Exit codes (sync/README.md, "Exit codes").
enum Exit : int {
    exit_ok = 0,
    exit_unfinished = 1,  // push: some responses wait for a retry; check: a step failed
    exit_usage = 2,
    exit_config = 3,
    exit_store = 4,
    exit_rejected = 5,  // push: the server rejected or held some responses; status: some need attention
};

// How long `push` waits for a pass of the running service (or another push) to end.
constexpr std::chrono::seconds push_lock_wait{120};

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) { stop_requested.store(true); }

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

struct Options {
    std::string config_file;
    std::string data_dir;
    std::string format = "csv";
    std::string output;
    bool requeue_held = false;
    bool requeue_rejected = false;
    std::vector<std::string> session_ids;
    std::string key_algorithm = "ES384";
    std::string key_out;
};

SyncSetup setup_from(const Options& o) {
    std::optional<std::filesystem::path> data_dir;
    if (!o.data_dir.empty()) data_dir = o.data_dir;
    return prepare_sync(o.config_file, data_dir);
}

void require_sync_on(const SyncSetup& s) {
    if (s.target == nullptr) {
        throw ConfigError(s.config_label +
                          ": [sync] kind: expected \"fhir\" or \"json\", got \"off\" (sync is off, "
                          "so there is nothing to send or check)");
    }
}

// push and run: a FHIR server that announces no conditional create would store a response again
// on every retry after a lost reply; refused (exit 3) unless [sync] allow_without_conditional_create.
// A server that cannot be asked now is not refused: the upload finds out and retries.
void refuse_without_conditional_create(const SyncSetup& s, const Log& log) {
    if (s.config.sync.kind != "fhir" || s.config.sync.allow_without_conditional_create) return;
    std::string problem;
    const auto caps = fetch_capabilities(s.config.sync.url, *s.http, *s.auth, problem);
    if (!caps) {
        log.warning("could not read the server's CapabilityStatement (" + printable(problem) +
                    "); sending without checking its conditional create");
        return;
    }
    const std::string refusal = conditional_create_refusal(*caps, s.config.sync, s.config_label);
    if (!refusal.empty()) throw ConfigError(refusal);
}

PassOptions pass_options(const SyncSettings& sync) {
    PassOptions p;
    p.batch_size = static_cast<std::size_t>(sync.batch_size);
    p.max_backoff = std::chrono::seconds(sync.max_backoff_seconds);
    p.max_attempts = sync.max_attempts;
    return p;
}

int cmd_check(const Options& o) {
    SyncSetup s;
    try {
        s = setup_from(o);
    } catch (const ConfigError& e) {
        std::cout << format_check_step(
                         {"config", false, false, e.what(),
                          "fix the key named above (" + sync_guide() + " lists every key), then run check again"})
                  << std::endl;
        return exit_config;
    }
    if (s.target == nullptr) {
        // Off is a valid setting (answers kept and exported by hand), not a failed check.
        std::cout << format_check_step({"config", true, false,
                                        s.config_label + ": sync is off ([sync] kind = \"off\"): nothing is sent, "
                                                         "so there is no connection to check; answers stay on this "
                                                         "kiosk until exported (alliance-sync export)",
                                        ""})
                  << std::endl;
        return exit_ok;
    }
    std::cout << format_check_step({"config", true, false,
                                    s.config_label + ": kind " + s.config.sync.kind + ", " + s.config.sync.url +
                                        ", auth " + s.config.sync.auth,
                                    ""})
              << std::endl;
    const bool ok = run_network_checks(s.config.sync, *s.http, *s.auth, [](const CheckStep& step) {
        std::cout << format_check_step(step) << std::endl;
    });
    if (ok && s.config.sync.kind == "fhir")
        std::cout << format_check_step(definitions_check_step(o.config_file, o.data_dir)) << std::endl;
    return ok ? exit_ok : exit_unfinished;
}

int cmd_status(const Options& o) {
    const SyncSetup s = setup_from(o);
    const QueueCounts c = Store::open(s.config.storage.dir, Store::User::sync)->counts();
    std::cout << "sync target: " << (s.target ? s.config.sync.kind + " " + s.config.sync.url : "off") << "\n";
    if (!s.target) {
        std::cout << "sync is off ([sync] kind = \"off\"): nothing is ever sent, so no answer is ever purged; "
                     "answers stay on this kiosk until they are exported (alliance-sync export) and deleted\n";
    }
    std::cout << "pending:  " << c.pending << "  (waiting to be sent; " << c.failed
              << " of them after a failed attempt)\n"
              << "rejected: " << c.rejected << (c.rejected > 0 ? "  (refused by the server: need attention)" : "")
              << "\n"
              << "held:     " << c.held
              << (c.held > 0 ? "  (failed on their own [sync] max_attempts times: alliance-sync requeue --held)" : "")
              << "\n"
              << "sent:     " << c.sent << "  (purged " << s.config.storage.retention_days << " days after sending)\n"
              << "last sent: " << (c.last_sent_at ? to_rfc3339(*c.last_sent_at) : std::string("never")) << "\n"
              << "last error: " << (c.last_error.empty() ? std::string("none") : printable(c.last_error)) << std::endl;
    if (const std::string fleet = fleet_status_line(s.config); !fleet.empty()) std::cout << fleet << std::endl;
    return c.rejected + c.held > 0 ? exit_rejected : exit_ok;
}

int cmd_push(const Options& o) {
    SyncSetup s = setup_from(o);
    require_sync_on(s);
    const Log log;
    refuse_without_conditional_create(s, log);
    auto store = Store::open(s.config.storage.dir, Store::User::sync);
    const SystemClock clock;
    const auto lock = PassLock::acquire(pass_lock_file(s.config.storage.dir), push_lock_wait);
    if (!lock) {
        log.error("another alliance-sync (the run service or a push) has been sending for over " +
                  std::to_string(push_lock_wait.count()) +
                  " s; this push sent nothing so as not to send the same responses twice. Try again later, or "
                  "touch " +
                  sync_request_file(s.config).string() + " to ask the service to send now");
        return exit_unfinished;
    }
    Uploader uploader(*store, *s.target, clock, log);
    PassOptions options = pass_options(s.config.sync);
    options.ignore_retry_times = true;
    const PassReport r = uploader.pass(options, &stop_requested);
    if (r.requests == 0) log.info("nothing due to send");
    purge_expired(*store, retention_policy(s.config.storage), clock, log);
    if (r.stopped_by_failure || r.deferred > 0 || stop_requested.load()) return exit_unfinished;
    return r.rejected + r.held > 0 ? exit_rejected : exit_ok;
}

int cmd_run(const Options& o) {
    SyncSetup s = setup_from(o);
    const Log log;
    if (s.target == nullptr) {
        log.info("sync is off ([sync] kind = \"off\" in " + s.config_label +
                 "); nothing to do: answers stay on this kiosk until exported");
        return exit_ok;
    }
    refuse_without_conditional_create(s, log);
    auto store = Store::open(s.config.storage.dir, Store::User::sync);
    const SystemClock clock;
    Uploader uploader(*store, *s.target, clock, log);
    DaemonOptions d;
    d.pass = pass_options(s.config.sync);
    d.interval = std::chrono::seconds(s.config.sync.interval_seconds);
    d.request_file = sync_request_file(s.config);
    d.lock_file = pass_lock_file(s.config.storage.dir);
    d.retention = retention_policy(s.config.storage);
    d.on_wake = fleet_hook(s, *store, clock, log);
    run_daemon(*store, uploader, clock, log, d, stop_requested);
    return exit_ok;
}

int cmd_requeue(const Options& o) {
    const SyncSetup s = setup_from(o);
    if (!o.requeue_held && !o.requeue_rejected && o.session_ids.empty())
        throw CLI::ValidationError("requeue", "name --held, --rejected or one or more session ids");
    auto store = Store::open(s.config.storage.dir, Store::User::sync);
    const SystemClock clock;
    RequeueSelection selection{o.requeue_held, o.requeue_rejected, o.session_ids};
    std::string what = std::string(o.requeue_held ? " --held" : "") + (o.requeue_rejected ? " --rejected" : "");
    for (const auto& id : o.session_ids) what += " " + id;
    int count = 0;
    store->write_together([&] {
        count = store->requeue(selection, clock.wall_now());
        store->audit("it", "requeue", "ok", "requeue" + what + ": " + std::to_string(count) + " back in the queue",
                     clock.wall_now());
    });
    std::cout << count
              << " responses back in the queue; the running service sends them at its next pass "
                 "(or run alliance-sync push)"
              << std::endl;
    return exit_ok;
}

int cmd_export(const Options& o) {
    const SyncSetup s = setup_from(o);
    std::ofstream file;
    if (!o.output.empty()) {
        // The export holds patients' answers: owner-only, like the store it comes from.
        const mode_t old_mask = ::umask(077);
        file.open(o.output, std::ios::binary | std::ios::trunc);
        ::umask(old_mask);
        if (!file) throw std::runtime_error("export: cannot write " + o.output);
    }
    std::ostream& out = o.output.empty() ? std::cout : file;
    const ExportFormat format = o.format == "ndjson"        ? ExportFormat::ndjson
                                : o.format == "fhir-ndjson" ? ExportFormat::fhir_ndjson
                                                            : ExportFormat::csv;
    ExportWriter writer(out, format, mapping_options(s.config),
                        format == ExportFormat::csv ? csv_columns(s.config.storage.dir) : CsvColumns{});
    for_each_stored_response(s.config.storage.dir, [&writer](const StoredResponse& r) { writer.write(r); });
    out.flush();
    if (!out) throw std::runtime_error("export: writing failed (disk full?)");
    std::cerr << "exported " << writer.rows() << " responses" << std::endl;
    return exit_ok;
}

// keygen: the kiosk's key for SMART Backend Services, and its public JWKS for IT to register.
int cmd_keygen(const Options& o) {
    const SigningKey key = SigningKey::generate(o.key_algorithm, o.key_out);
    std::cout << key.public_jwks() << std::endl;
    std::cerr << "wrote the private key (" << key.algorithm() << ", owner-only) to " << o.key_out
              << "; register the JWKS above with the server for this kiosk's client id, then set [sync] auth = "
                 "\"smart-backend\" and private_key_file = \""
              << o.key_out << "\" (sync/README.md, SMART Backend Services)" << std::endl;
    return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"alliance-sync " + std::string(build::version) +
                 ": sends the kiosk's completed responses to the clinic's server, exactly once.\n"
                 "Exit codes: 0 ok, 1 not finished (retry later) or a check failed, 2 usage, 3 config, "
                 "4 local store, 5 responses rejected by the server (fleet: kiosks need attention)."};
    app.set_version_flag("--version", std::string(build::version));
    app.require_subcommand(1);
    Options o;
    // --config and --data-dir go before or after the command, and each command's --help shows them.
    auto add_common = [&o](CLI::App* a) {
        a->add_option("--config", o.config_file,
                      "config file (default /etc/alliance-kiosk/kiosk.toml if present, else the demo defaults)");
        a->add_option("--data-dir", o.data_dir, "directory of the local store (overrides [storage] dir)");
    };
    add_common(&app);
    auto* check = app.add_subcommand("check",
                                     "check config, DNS, TCP, TLS, auth and the server's /metadata, step by step;\n"
                                     "exit 0 all passed, 1 a step failed, 3 the config is wrong");
    auto* status = app.add_subcommand("status",
                                      "show the upload queue: pending, rejected, held, sent, last error;\n"
                                      "exit 0, or 5 when responses were rejected or held and need attention");
    auto* push = app.add_subcommand("push",
                                    "send everything pending once, then exit;\n"
                                    "exit 0 all sent, 1 some wait for a retry, 5 some were rejected or held");
    auto* run =
        app.add_subcommand("run", "keep sending (the systemd service); touch <data dir>/sync.request to sync now");
    auto* exp = app.add_subcommand("export", "write every stored response as CSV or NDJSON");
    auto* requeue = app.add_subcommand("requeue",
                                       "put held and/or rejected responses (or the sessions named) back in\n"
                                       "the queue; audited");
    requeue->add_flag("--held", o.requeue_held, "every held response");
    requeue->add_flag("--rejected", o.requeue_rejected, "every rejected response");
    requeue->add_option("SESSION-ID", o.session_ids, "session ids (from status or export)");
    auto* fleet = app.add_subcommand("fleet",
                                     "list every kiosk's Device on the server, how long since each was heard from;\n"
                                     "exit 0 all well, 5 some silent or out of service, 1 server not reachable");
    auto* keygen = app.add_subcommand("keygen",
                                      "write a new private key for SMART Backend Services (owner-only) and print\n"
                                      "its public JWKS for IT to register with the server");
    keygen->add_option("--algorithm", o.key_algorithm, "ES384 (default, a P-384 EC key) or RS384 (RSA 3072)")
        ->check(CLI::IsMember({"ES384", "RS384"}));
    keygen->add_option("--out", o.key_out, "the private key file to write (must not exist)")->required();
    for (CLI::App* sub : {check, status, push, run, exp, requeue, fleet}) add_common(sub);
    FeedbackCommands feedback(app, add_common);
    exp->add_option("--format", o.format, "csv (default), ndjson, or fhir-ndjson (FHIR resources, for report --input)")
        ->check(CLI::IsMember({"csv", "ndjson", "fhir-ndjson"}));
    exp->add_option("--output", o.output, "file to write (default: standard output); created owner-only");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? exit_ok : exit_usage;
    }
    install_stop_handlers();
    try {
        if (*check) return cmd_check(o);
        if (*status) return cmd_status(o);
        if (*push) return cmd_push(o);
        if (*run) return cmd_run(o);
        if (*exp) return cmd_export(o);
        if (*requeue) return cmd_requeue(o);
        if (*fleet) return list_fleet(setup_from(o), std::cout, std::cerr);
        if (*keygen) return cmd_keygen(o);
        if (feedback.chosen()) return feedback.run(o.config_file, o.data_dir);
    } catch (const CLI::ValidationError& e) {
        std::cerr << "alliance-sync: " << e.what() << std::endl;
        return exit_usage;
    } catch (const ConfigError& e) {
        std::cerr << "alliance-sync: configuration error: " << e.what() << std::endl;
        return exit_config;
    } catch (const StoreError& e) {
        std::cerr << "alliance-sync: local store error " << e.code() << ": " << e.what() << "; " << what_to_do(e.code())
                  << std::endl;
        return exit_store;
    } catch (const std::exception& e) {
        std::cerr << "alliance-sync: " << e.what() << std::endl;
        return exit_unfinished;
    }
    return exit_usage;
}

#pragma once
// A KioskApp driven as the UI drives it (Controller calls with widget ids), on the shipped
// content, a real SQLite store in a temporary directory and a clock moved by hand.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../store/store_fixture.h"
#include "core/app/kiosk_app.h"
#include "core/staff/pin.h"

namespace alliance::test {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

inline const std::string staff_pin = "2468";
// The shipped questionnaire's 5-point alliance items, in the order it asks them.
inline const std::vector<std::string> alliance_items = {"goal-known", "goal-shared", "task-plan",    "task-agree",
                                                        "task-home",  "bond-listen", "bond-respect", "bond-trust"};

inline std::string code_of(const AnswerValue& v) { return std::get<Coding>(v).code; }

inline const ResponseAnswer* find_answer(const Response& r, const std::string& link_id) {
    for (const auto& a : r.answers)
        if (a.link_id == link_id) return &a;
    return nullptr;
}

struct Kiosk {
    TempDir tmp;
    ManualClock clock{at(0)};
    Config config;
    std::unique_ptr<KioskApp> app;

    explicit Kiosk(const std::function<void(Config&, const fs::path&)>& adjust = {}) {
        use_fast_pin_hashing_for_tests(true);
        config.kiosk.id = "front-desk-1";
        config.kiosk.clinic_name = "Riverside Physio";
        config.kiosk.content_dir = fs::path(ALLIANCE_SOURCE_DIR) / "content";
        config.kiosk.therapists = {{"alex", "Alex Rivera"}, {"maria", "María López"}};
        config.storage.dir = tmp.path() / "data";
        config.staff.pin_hash_file = tmp.path() / "staff.pin";
        write_pin_hash_file(config.staff.pin_hash_file, hash_pin(staff_pin));
        if (adjust) adjust(config, tmp.path());
        app = make_kiosk_app(config, clock);
    }
    // The program stopped and started again on the same store (the clock keeps running).
    void restart() {
        app.reset();
        app = make_kiosk_app(config, clock);
    }
    ~Kiosk() { use_fast_pin_hashing_for_tests(false); }

    const View& view() const { return app->view(); }
    SteadyTime now() const { return clock.steady_now(); }
    // A finger on the screen: touch, then the tap, a fifth of a second later than the last event.
    void tap(const std::string& id) {
        clock.advance(200ms);
        app->touched(now());
        app->tap(id, now());
    }
    void wait(std::chrono::milliseconds d) {
        clock.advance(d);
        app->tick(now());
    }
    // A single-choice answer, then the highlight runs out.
    void choose(const std::string& id) {
        tap(id);
        wait(400ms);
    }
    void to_first_question() {
        tap("start");
        tap("therapist:alex");
    }
    // No touch for the idle time and the whole still-there countdown.
    void walk_away() {
        wait(60s);
        wait(20s);
    }
    void hold_staff_corner(std::chrono::milliseconds d) {
        app->press("staff", now());
        wait(d);
        app->release("staff", now());
    }
    void open_staff_menu() {
        hold_staff_corner(3s);
        for (char c : staff_pin) tap(std::string("key:") + c);
        tap("key:ok");
    }
    const Widget* widget(const std::string& id) const {
        for (const auto& w : view().widgets)
            if (w.id == id) return &w;
        return nullptr;
    }
    bool has(const std::string& id) const { return widget(id) != nullptr; }
    std::string screen() const { return std::string(screen_name(view().screen)); }
    std::string sql(const std::string& query) const { return query_text(config.storage.dir / "alliance.db", query); }
    // The frozen responses, as sync would claim them.
    std::vector<QueuedResponse> queued() const {
        auto reader = Store::open(config.storage.dir);
        return reader->claim_batch(100, clock.wall_now() + 1h);
    }
    // Through the shipped questionnaire in the order it asks, with a therapist and a comment.
    void complete_questionnaire(const std::string& comment_key = "key:o") {
        tap("start");
        tap("therapist:maria");
        choose("answer:main-goal:move-better");
        choose("answer:goal-discussed:true");
        for (const auto& id : alliance_items) choose("answer:" + id + ":4");
        choose("answer:overall:8");
        tap(comment_key);
        tap("next");
    }
};

}  // namespace alliance::test

#pragma once
// Every screen the real core can show, collected by driving a KioskApp with a manual clock:
// welcome, therapist, visit code, each question (the first answer of each: the lowest, so the
// follow-up after a low answer shows), thanks, new patient, still-there, staff PIN, out of service,
// in English and Spanish. For tests that check the layout of every screen (header-only).
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "core/app/kiosk_app.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/staff/set_pin.h"

namespace alliance::test {

inline std::vector<View> screen_tour(const std::filesystem::path& data_dir, const std::string& language) {
    Config config = demo_config();
    config.storage.dir = data_dir;
    config.staff.pin_hash_file = data_dir / "staff.pin";
    config.kiosk.content_dir = std::filesystem::path(ALLIANCE_SOURCE_DIR) / "content";
    config.kiosk.ask_visit_code = true;
    config.kiosk.min_seconds_between_responses = 120;  // the second start asks "a new patient?"
    std::filesystem::create_directories(data_dir);
    std::istringstream pin("2468\n2468\n");
    std::ostringstream prompts;
    run_set_pin_file(config.staff.pin_hash_file, pin, prompts);
    ManualClock clock;
    auto app = make_kiosk_app(config, clock);
    std::vector<View> views;
    auto now = [&] { return clock.steady_now(); };
    auto take = [&] { views.push_back(app->view()); };
    auto tap = [&](const std::string& id) {
        app->touched(now());
        app->tap(id, now());
    };
    auto wait = [&](int ms) {
        clock.advance(std::chrono::milliseconds(ms));
        app->tick(now());
    };
    auto first = [&](const std::string& prefix) {
        for (const auto& w : app->view().widgets)
            if (w.enabled && w.id.rfind(prefix, 0) == 0) return w.id;
        return std::string();
    };
    take();
    tap("language:" + language);
    take();
    tap("start");
    take();  // therapist
    tap(first("therapist:"));
    take();  // visit code
    tap("key:4");
    tap("key:2");
    take();
    tap("key:ok");
    for (int i = 0; i < 30 && app->view().screen == Screen::question; ++i) {
        take();
        const std::string item = app->view().item;
        const std::string answer = first("answer:");
        if (!answer.empty()) {
            tap(answer);
        } else {
            for (const char* k : {"key:h", "key:o", "key:l", "key:a", "key:space", "key:ñ"}) tap(k);
        }
        take();  // the choice highlighted, or the text typed
        wait(1000);
        if (app->view().screen == Screen::question && app->view().item == item) tap("next");
    }
    take();  // thanks
    // Walk away in the middle of a questionnaire: still there? with its countdown.
    clock.advance(std::chrono::seconds(30));
    app->tick(now());
    tap("start");
    take();  // new patient?
    tap("new-patient:yes");
    tap(first("therapist:"));
    tap("skip");
    wait(100);
    clock.advance(std::chrono::seconds(config.kiosk.idle_seconds + 1));
    app->tick(now());
    take();
    // The staff corner, held.
    app->press("staff", now());
    clock.advance(std::chrono::seconds(config.staff.hold_seconds + 1));
    app->tick(now());
    app->release("staff", now());
    take();
    // The staff menu and its pages.
    for (const char* k : {"key:2", "key:4", "key:6", "key:8", "key:ok"}) tap(k);
    take();
    for (const char* page : {"staff:status", "staff:therapists", "staff:language", "staff:exit"}) {
        tap(page);
        take();
        tap("staff:back");
    }
    // Out of service.
    Config broken = config;
    broken.kiosk.questionnaire = "no-such-questionnaire";
    views.push_back(make_kiosk_app(broken, clock)->view());
    return views;
}

}  // namespace alliance::test

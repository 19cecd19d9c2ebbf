#pragma once
// Turns the session flow's state into the View the UI draws: screen, texts in the patient's
// language, and widgets with the stable ids of the UI tree (kiosk/README.md). No decisions are made here beyond
// wording and arrangement; what is enabled or selected comes from the flow.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/api/view.h"
#include "core/base/strings.h"
#include "core/config/config.h"
#include "core/session/session_flow.h"

namespace alliance {

struct SessionViewContext {
    const Strings& strings;
    std::string clinic_name;
    std::vector<Therapist> therapists_on_duty;
    std::map<std::string, std::filesystem::path> photos = {};  // therapist id -> photo file (therapist_photo.h)
    std::string who_sees_answers = {};                         // [kiosk] who_sees_answers; empty: "welcome.who_sees"
};

View session_view(const SessionFlow& flow, const SessionViewContext& context);

// "Please see the front desk" with the error code; only the staff corner works.
View out_of_service_view(const Strings& strings, const std::string& language, const std::string& error_code);

// The hidden staff corner, present (not drawn) on every screen.
void add_staff_hotspot(View& view);

// While the corner is held: after the first second the corner shows, so staff know the hold is
// working, "Keep holding: staff menu in N s" (key staff.hold.progress) and is selected; the UI
// draws it then. Before the first second nothing shows, so a patient's stray touch stays unseen.
constexpr std::chrono::seconds hold_progress_after{1};
void show_hold_progress(View& view, const Strings& strings, std::chrono::steady_clock::duration held, int hold_seconds);

// Every widget id of the patient's on-screen keyboard after "key:", in reading order.
const std::vector<std::string>& keyboard_keys();

}  // namespace alliance

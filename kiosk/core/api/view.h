#pragma once
// What the screen should show, as the core decides it. The SFML layer lays this out and draws
// it; it makes no decisions. Screen names and widget ids are part of the UI-tree
// contract (kiosk/README.md, "The UI tree"): extend, never rename.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/action.h"

namespace alliance {

enum class Screen {
    welcome,
    therapist,
    visit_code,
    question,
    thanks,
    still_there,
    out_of_service,
    staff_pin,
    staff_menu,
    new_patient
};
// "welcome", "therapist", "visit-code", "question", "thanks", "still-there", "out-of-service",
// "staff-pin", "staff-menu", "new-patient".
std::string_view screen_name(Screen s);

// How the answers are arranged; the UI maps each to a layout.
enum class Layout {
    message,   // heading + body + buttons (welcome, thanks, still-there, out of service)
    list,      // one large button a row (5-point scale, single/multi choice, therapists, menu)
    scale,     // 0–10 in a row or grid, end labels in View::scale_low/high
    yes_no,    // two large buttons side by side
    keyboard,  // on-screen keyboard with the typed text in View::input_text
    keypad     // digits (visit code, PIN)
};

// Where a widget belongs on screen; the UI places each group in its own region.
enum class Region { answers, navigation, accessibility, keys, hidden };

// A face on a therapist's button: the photo file when there is one (the UI decodes it, and draws
// the initials instead if it cannot), else the initials tile.
struct Portrait {
    std::string photo_file;  // "" : initials
    std::string initials;    // "AR"
    bool operator==(const Portrait&) const = default;
};

struct Widget {
    std::string id;     // stable id (widget_ids.h): "start", "language:es", "answer:goal-agree:4", "next", ...
    std::string role;   // "button", "choice", "key", "toggle", "hotspot"
    std::string label;  // in the session's language
    Region region = Region::answers;
    bool enabled = true;
    bool selected = false;
    std::optional<Portrait> portrait = std::nullopt;  // therapist buttons
    Action action = std::monostate{};                 // what a tap does (action.h); not part of the UI tree
    bool operator==(const Widget&) const = default;
};

struct View {
    Screen screen = Screen::welcome;
    std::string language;      // "en", "es"
    std::string item;          // linkId on question screens
    int progress_current = 0;  // 1-based, 0 when no progress is shown
    int progress_total = 0;
    std::string heading;                // clinic name, question text, message
    std::string body;                   // secondary line: hint, "(optional)", error code line
    std::string input_text;             // typed comment or code; PIN shown as dots
    std::string scale_low, scale_high;  // end labels of a 0–10 scale
    Layout layout = Layout::message;
    std::vector<Widget> widgets;   // reading order
    std::optional<int> countdown;  // seconds left (still-there, thanks)
    std::string error_code;        // out-of-service
    bool large_text = false;       // A+ is on
    bool high_contrast = false;
    std::string speech;                // what read-aloud says for this screen
    std::uint64_t speak_requests = 0;  // grows by one each time the patient taps a11y:read
    std::uint64_t revision = 0;        // grows whenever anything above changes
    bool operator==(const View&) const = default;
};

// A widget as the view builders make it: the id names it, the action says what a tap does.
Widget make_widget(std::string id, std::string role, std::string label, Region region, Action action,
                   bool enabled = true, bool selected = false);

// The digit keypad of the visit-code and PIN screens, in telephone order (1 2 3 / 4 5 6 / 7 8 9 /
// delete 0 OK): widgets key:1..key:9, key:back, key:0, key:ok with the keypad's actions.
struct Keypad {
    std::string delete_label;
    std::string ok_label;
    bool digits_enabled = true;
    bool delete_enabled = true;
    bool ok_enabled = true;
};
void add_keypad(View& view, const Keypad& keypad);

}  // namespace alliance

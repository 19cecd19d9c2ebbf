#pragma once
// The widget ids of the UI tree (kiosk/README.md, "The UI tree"): the one place their grammar
// lives. An id only names a widget, for the UI tree, tests and the UI's layout; what a tap does
// is the widget's typed action (action.h). A contract: extend, never rename.
#include <string>
#include <string_view>

namespace alliance::widget_id {

// --- patient screens ---------------------------------------------------------------------
inline constexpr std::string_view start = "start";
inline constexpr std::string_view next = "next";
inline constexpr std::string_view back = "back";
inline constexpr std::string_view skip = "skip";
inline constexpr std::string_view keep_going = "continue";
inline constexpr std::string_view start_over = "start-over";
inline constexpr std::string_view larger_text = "a11y:larger";
inline constexpr std::string_view high_contrast = "a11y:contrast";
inline constexpr std::string_view read_aloud = "a11y:read";
inline constexpr std::string_view therapist_not_sure = "therapist:not-sure";
inline constexpr std::string_view staff_corner = "staff";
std::string language(std::string_view code);                           // "language:es"
std::string therapist(std::string_view therapist_id);                  // "therapist:ana"
std::string answer(std::string_view link_id, std::string_view value);  // "answer:goal-agree:4"
// A key of the keypad or keyboard: "key:0".."key:9", "key:back", "key:ok"; "key:q", "key:space",
// "key:delete", ...
std::string key(std::string_view name);
inline constexpr std::string_view key_back = "key:back";  // the keypad's delete
inline constexpr std::string_view key_ok = "key:ok";
inline constexpr std::string_view key_space = "key:space";    // the keyboard's space bar
inline constexpr std::string_view key_delete = "key:delete";  // the keyboard's delete
inline constexpr std::string_view key_shift = "key:shift";    // the keyboard's shift (next letter a capital)
// "Are you a new patient?" ([kiosk] min_seconds_between_responses).
inline constexpr std::string_view new_patient_yes = "new-patient:yes";
inline constexpr std::string_view new_patient_no = "new-patient:no";
// What ids of one kind begin with (the demo's autopilot picks the first of a kind).
inline constexpr std::string_view therapist_prefix = "therapist:";
inline constexpr std::string_view answer_prefix = "answer:";

// --- staff screens -----------------------------------------------------------------------
inline constexpr std::string_view staff_close = "staff:close";
inline constexpr std::string_view staff_back = "staff:back";
inline constexpr std::string_view staff_reset = "staff:reset";
inline constexpr std::string_view staff_status = "staff:status";
inline constexpr std::string_view staff_sync_now = "staff:sync-now";
inline constexpr std::string_view staff_therapists = "staff:therapists";
inline constexpr std::string_view staff_language = "staff:language";
inline constexpr std::string_view staff_exit = "staff:exit";
inline constexpr std::string_view staff_exit_confirm = "staff:exit-confirm";
std::string duty(std::string_view therapist_id);      // "duty:ana"
std::string default_language(std::string_view code);  // "default-language:es"

}  // namespace alliance::widget_id

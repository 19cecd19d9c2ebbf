#pragma once
// What a tap on a widget does, as a typed value the view builder attaches to the widget
// (SessionFlow's view, StaffMode's): KioskApp::tap finds the widget by id and visits its action.
// Nothing reads meaning back out of a widget id; ids (widget_ids.h) only name widgets for the UI
// tree. The UI never looks at actions: it reports taps by id.
#include <string>
#include <variant>

#include "core/questionnaire/questionnaire.h"

namespace alliance {
namespace action {

// --- the patient's session ---------------------------------------------------------------
struct Start {
    bool operator==(const Start&) const = default;
};
struct ChooseLanguage {
    std::string code;
    bool operator==(const ChooseLanguage&) const = default;
};
struct ToggleLargeText {
    bool operator==(const ToggleLargeText&) const = default;
};
struct ToggleHighContrast {
    bool operator==(const ToggleHighContrast&) const = default;
};
struct ReadAloud {
    bool operator==(const ReadAloud&) const = default;
};
// therapist_id "" : "not sure".
struct ChooseTherapist {
    std::string therapist_id;
    bool operator==(const ChooseTherapist&) const = default;
};
// One of the item's answers, as the questionnaire has it (an option's coding, an integer, a bool).
struct Answer {
    std::string link_id;
    AnswerValue value;
    bool operator==(const Answer&) const = default;
};
// The on-screen keyboard: one character (UTF-8; " " for the space bar), or delete the last one.
struct TypeText {
    std::string text;
    bool operator==(const TypeText&) const = default;
};
struct DeleteText {
    bool operator==(const DeleteText&) const = default;
};
// The keyboard's shift: the next letter typed is a capital.
struct ToggleShift {
    bool operator==(const ToggleShift&) const = default;
};
// "Are you a new patient?" (a start soon after the last response): yes goes on, no returns.
struct NewPatient {
    bool is_new = true;
    bool operator==(const NewPatient&) const = default;
};
struct Next {
    bool operator==(const Next&) const = default;
};
struct Back {
    bool operator==(const Back&) const = default;
};
struct Skip {
    bool operator==(const Skip&) const = default;
};
struct SkipVisitCode {
    bool operator==(const SkipVisitCode&) const = default;
};
struct KeepGoing {
    bool operator==(const KeepGoing&) const = default;
};  // "continue" on still-there
struct StartOver {
    bool operator==(const StartOver&) const = default;
};

// --- the keypad (visit code, staff and IT PIN) -------------------------------------------
struct KeypadDigit {
    char digit = '0';
    bool operator==(const KeypadDigit&) const = default;
};
struct KeypadDelete {
    bool operator==(const KeypadDelete&) const = default;
};
struct KeypadOk {
    bool operator==(const KeypadOk&) const = default;
};

// --- staff mode --------------------------------------------------------------------------
// The hidden corner: held, it opens staff mode (press/release); a tap does nothing.
struct StaffCorner {
    bool operator==(const StaffCorner&) const = default;
};
enum class StaffCommand { close, back, reset_session, status, sync_now, therapists, language, exit, exit_confirm };
struct Staff {
    StaffCommand command;
    bool operator==(const Staff&) const = default;
};
struct ToggleDuty {
    std::string therapist_id;
    bool operator==(const ToggleDuty&) const = default;
};
struct SetDefaultLanguage {
    std::string code;
    bool operator==(const SetDefaultLanguage&) const = default;
};

}  // namespace action

using Action = std::variant<std::monostate, action::Start, action::ChooseLanguage, action::ToggleLargeText,
                            action::ToggleHighContrast, action::ReadAloud, action::ChooseTherapist, action::Answer,
                            action::TypeText, action::DeleteText, action::ToggleShift, action::NewPatient, action::Next,
                            action::Back, action::Skip, action::SkipVisitCode, action::KeepGoing, action::StartOver,
                            action::KeypadDigit, action::KeypadDelete, action::KeypadOk, action::StaffCorner,
                            action::Staff, action::ToggleDuty, action::SetDefaultLanguage>;

}  // namespace alliance

#pragma once
// The stored response's one owner: what the record a finished session leaves behind holds, and
// where each of its parts comes from. Three paths finish a session, and each knows only part of it:
//   - the patient taps the last Next: SessionFlow knows the answers and the patient's choices,
//     StoreRecorder when the session started and ended, the store what its session row holds;
//   - a completion that could not be stored is redone from the stored answers
//     (StoreRecorder::complete_from_store);
//   - a session walked away from or interrupted is kept as stopped (SqliteStore::close_session).
// Each passes what it knows; these two functions alone assemble the record. The store writes it
// with to_json and reads it back only with response_from_text (core/questionnaire/response.h).
#include "core/base/time.h"
#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire.h"
#include "core/questionnaire/response.h"

namespace alliance {

enum class ResponseEnd { completed, stopped };

// What the questionnaire decides of a finished session's response: status "completed", the
// questionnaire's url and version, the answers of enabled items in display order (each with the
// groups it sits in), the scores and the low-alliance flag. Who, where and when are left empty.
Response completed_response(const Questionnaire& q, const AnswerMap& answers);

// The response as stored. `known` is what the caller knows and wins; each of who, where and when
// (session id, questionnaire url and version, language, kiosk, therapist, visit code, start and
// completion times) that it leaves empty comes from `session`, the session row as started and
// changed since; a completion time still empty is `now`. The answers, scores and flag are
// `known`'s (a stopped session has no questionnaire to score by); the status is `end`'s.
Response stored_response(ResponseEnd end, Response known, const Response& session, WallTime now);

}  // namespace alliance

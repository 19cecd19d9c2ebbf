#include "core/questionnaire/response_record.h"

#include "core/base/time_format.h"
#include "core/questionnaire/alliance_flag.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"

namespace alliance {

Response completed_response(const Questionnaire& q, const AnswerMap& answers) {
    const AnswerMap enabled = enabled_answers(q, answers);
    Response r;
    r.status = "completed";
    r.questionnaire_url = q.url;
    r.questionnaire_version = q.version;
    for (const Item* item : flatten_items(q))
        if (const auto it = enabled.find(item->link_id); it != enabled.end() && !it->second.empty())
            r.answers.push_back({item->link_id, it->second, enclosing_groups(q, item->link_id)});
    r.scores = score_response(q, enabled);
    r.low_alliance = low_alliance_parts(q, enabled);
    return r;
}

Response stored_response(ResponseEnd end, Response known, const Response& session, WallTime now) {
    // Who, where and when: the fields a session row holds.
    static constexpr std::string Response::*facts[] = {
        &Response::session_id, &Response::questionnaire_url, &Response::questionnaire_version, &Response::language,
        &Response::kiosk_id,   &Response::therapist_id,      &Response::therapist_name,        &Response::visit_code,
        &Response::started_at, &Response::authored_at};
    for (const auto field : facts)
        if ((known.*field).empty()) known.*field = session.*field;
    if (known.authored_at.empty()) known.authored_at = to_rfc3339(now);
    known.status = end == ResponseEnd::completed ? "completed" : "stopped";
    return known;
}

}  // namespace alliance

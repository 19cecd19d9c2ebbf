// The follow-up Task of a flagged response ([report] follow_up = "task", sync/README.md): a
// request to the therapist to talk with the patient about how treatment is going, focused on the
// QuestionnaireResponse. Its identifier is the session, so the conditional create in the
// transaction makes exactly one however often the response is sent.
#include "sync/fhir_mapping.h"

namespace alliance::sync::fhir {

void write_follow_up_task(JsonText& out, const Response& r, const std::string& response_full_url,
                          const MappingOptions& options) {
    out.open_object().field("resourceType", "Task");
    out.key("identifier").open_array().open_object();
    out.field("system", follow_up_system).field("value", r.session_id).close_object().close_array();
    out.field("status", "requested").field("intent", "order").field("priority", "routine");
    out.key("code").open_object().field("text", "Talk with the patient about how treatment is going").close_object();
    std::string parts;
    for (const auto& part : *r.low_alliance) parts += (parts.empty() ? "" : ", ") + part;
    out.field("description", "The patient's answers after this visit show a low alliance (low: " + parts +
                                 "). Talk with the patient about how treatment is going.");
    out.key("focus").open_object().field("reference", response_full_url).close_object();
    out.field("authoredOn", r.authored_at);
    if (!r.therapist_id.empty()) {
        out.key("owner");
        write_therapist_reference(out, r, options);
    }
    out.close_object();
}

}  // namespace alliance::sync::fhir

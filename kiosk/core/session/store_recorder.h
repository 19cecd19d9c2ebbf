#pragma once
// StoreRecorder: the session flow's writes, to the Store, with wall-clock stamps. It also keeps
// the one promise a failed write must not break: a session the patient FINISHED is never thrown
// away. When the completion commit fails (disk full, I/O error, busy), the recorder remembers the
// session, leaves a mark file beside the store, and refuses to abandon it; the session is
// completed later from its stored answers (scores recomputed), by retry_unsaved_completion() once
// the store works again or by complete_marked() at the next start, whatever [kiosk] partial says.
#include <filesystem>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/questionnaire/questionnaire.h"
#include "core/session/session_flow.h"
#include "core/store/store.h"

namespace alliance {

class StoreRecorder final : public SessionRecorder {
public:
    StoreRecorder(Store* store, const Questionnaire& q, const Config& config, const Clock& clock);
    std::string start(const std::string& language) override;
    void language(const std::string& session_id, const std::string& language) override;
    void therapist(const std::string& session_id, const Therapist& therapist) override;
    void visit_code(const std::string& session_id, const std::string& code) override;
    void answer(const std::string& session_id, const ResponseAnswer& answer) override;
    void clear(const std::string& session_id, const std::string& link_id) override;
    // Throws the StoreError of a failed commit after remembering the session as finished.
    void complete(const Response& response) override;
    // Does nothing for the finished session whose completion is still to be stored.
    void abandon(const std::string& session_id) override;

    // A finished session whose completion could not be stored yet.
    bool has_unsaved_completion() const { return unsaved_.has_value(); }
    // Tries again to store it; true once stored (or found already stored). Never throws.
    bool retry_unsaved_completion();
    // At start-up, before recover_interrupted: completes every session a mark file names that is
    // still in progress, and removes the marks. Returns how many were completed. Throws StoreError.
    int complete_marked();

private:
    struct Finished {
        std::string session_id;
        std::string authored_at;  // RFC 3339: when the patient tapped the last Next
    };
    Store& store();
    // Completes `f` from the answers in the store; false when the session is no longer in progress.
    bool complete_from_store(const Finished& f);
    std::filesystem::path mark_file(const std::string& session_id) const;
    void write_mark(const Finished& f) const;
    void remove_mark(const std::string& session_id) const;

    Store* store_;
    const Questionnaire& q_;
    std::string kiosk_id_;
    PartialPolicy partial_;
    std::filesystem::path dir_;
    const Clock& clock_;
    WallTime started_{};
    std::optional<Finished> unsaved_;
};

}  // namespace alliance

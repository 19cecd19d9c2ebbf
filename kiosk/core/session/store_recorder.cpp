#include "core/session/store_recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "core/base/time_format.h"
#include "core/questionnaire/response_record.h"

namespace alliance {
namespace {

constexpr std::string_view mark_prefix = "finished-";

void log(const std::string& message) { std::cerr << "alliance-kiosk: " << message << '\n'; }

// Session ids are UUIDs; a mark file with any other name is not ours to act on.
bool is_session_id(std::string_view s) {
    if (s.size() != 36) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
    return true;
}

}  // namespace

StoreRecorder::StoreRecorder(Store* store, const Questionnaire& q, const Config& config, const Clock& clock)
    : store_(store),
      q_(q),
      kiosk_id_(config.kiosk.id),
      partial_(config.kiosk.partial),
      dir_(config.storage.dir),
      clock_(clock) {}

Store& StoreRecorder::store() {
    if (store_ == nullptr) throw StoreError(StoreErrorKind::cannot_open, "the store is not open");
    return *store_;
}

std::string StoreRecorder::start(const std::string& language) {
    started_ = clock_.wall_now();
    return store().start_session({q_.url, q_.version, language, kiosk_id_}, started_);
}

void StoreRecorder::language(const std::string& session_id, const std::string& language) {
    store().set_language(session_id, language);
}

void StoreRecorder::therapist(const std::string& session_id, const Therapist& therapist) {
    store().set_therapist(session_id, therapist.id, therapist.name);
}

void StoreRecorder::visit_code(const std::string& session_id, const std::string& code) {
    store().set_visit_code(session_id, code);
}

void StoreRecorder::answer(const std::string& session_id, const ResponseAnswer& answer) {
    store().record_answer(session_id, answer, clock_.wall_now());
}

void StoreRecorder::clear(const std::string& session_id, const std::string& link_id) {
    store().clear_answer(session_id, link_id);
}

void StoreRecorder::complete(const Response& response) {
    const WallTime now = clock_.wall_now();
    Response frozen = response;
    frozen.started_at = to_rfc3339(started_);
    frozen.authored_at = to_rfc3339(now);
    try {
        store().complete_session(frozen, now);
    } catch (const StoreError& e) {
        // Every answer is already in the store (each was committed before the flow moved on):
        // only the completion is missing, and it can be redone from them.
        if (e.kind() == StoreErrorKind::misuse) throw;
        unsaved_ = Finished{frozen.session_id, frozen.authored_at};
        write_mark(*unsaved_);
        throw;
    }
}

void StoreRecorder::abandon(const std::string& session_id) {
    if (unsaved_ && unsaved_->session_id == session_id) return;  // finished, not walked away from
    store().abandon_session(session_id, partial_, clock_.wall_now());
}

bool StoreRecorder::complete_from_store(const Finished& f) {
    if (store().session_status(f.session_id) != std::optional<std::string>("in_progress")) return false;
    AnswerMap answers;
    for (auto& a : store().answers(f.session_id)) answers[a.link_id] = std::move(a.values);
    // Who, where and when the session started come from the session row (the store fills what is
    // left empty, core/questionnaire/response_record.h); the scores are recomputed from the
    // stored answers.
    Response r = completed_response(q_, answers);
    r.session_id = f.session_id;
    r.authored_at = f.authored_at;
    store().complete_session(r, clock_.wall_now());
    return true;
}

bool StoreRecorder::retry_unsaved_completion() {
    if (!unsaved_) return true;
    try {
        complete_from_store(*unsaved_);
    } catch (const std::exception& e) {
        log("the finished session is still not stored, will retry: " + std::string(e.what()));
        return false;
    }
    log("the finished session is now stored as completed");
    remove_mark(unsaved_->session_id);
    unsaved_.reset();
    return true;
}

int StoreRecorder::complete_marked() {
    if (store_ == nullptr) return 0;
    std::error_code ec;
    std::vector<Finished> marked;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(mark_prefix, 0) != 0 || !is_session_id(name.substr(mark_prefix.size()))) continue;
        Finished f{name.substr(mark_prefix.size()), {}};
        std::ifstream in(entry.path());
        std::getline(in, f.authored_at);
        try {
            from_rfc3339(f.authored_at);
        } catch (const std::exception&) {
            f.authored_at = to_rfc3339(clock_.wall_now());  // a mark cut short: the time is lost, not the session
        }
        marked.push_back(std::move(f));
    }
    int completed = 0;
    for (const auto& f : marked) {
        if (complete_from_store(f)) ++completed;
        remove_mark(f.session_id);
    }
    return completed;
}

std::filesystem::path StoreRecorder::mark_file(const std::string& session_id) const {
    return dir_ / (std::string(mark_prefix) + session_id);
}

// A small file of its own, not a row: it is written exactly when SQLite cannot write. It holds
// only the completion time (no answer) and is owner-only like the store.
void StoreRecorder::write_mark(const Finished& f) const {
    const auto file = mark_file(f.session_id);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    const std::string text = f.authored_at + "\n";
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int err = errno;
    if (fd >= 0) ok = (::close(fd) == 0) && ok;
    if (const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);  // the new name is durable only once the directory is flushed
        ::close(dfd);
    }
    if (!ok)
        log(file.string() + ": cannot write the mark of a finished session (" + std::strerror(err) +
            "); it is completed if the store works again before the kiosk stops");
}

void StoreRecorder::remove_mark(const std::string& session_id) const {
    std::error_code ec;
    std::filesystem::remove(mark_file(session_id), ec);
}

}  // namespace alliance

"""The questionnaire can be completed by taps alone, in English and again in Spanish, and each
completed response is in the store with its answers, language and therapist.
Usage: e2e_questionnaire.py <alliance-kiosk> <output dir>"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, Xvfb, answer_questionnaire, make_workdir  # noqa: E402


def stored_session(db, language):
    row = db.execute("SELECT id, status, language, therapist_id, therapist_name FROM sessions"
                     " WHERE language = ? AND status = 'completed'", (language,)).fetchall()
    assert len(row) == 1, f"expected one completed {language} session, found {row}"
    return row[0]


def check_answers(db, session_id, given):
    stored = {}
    for link_id, values_json in db.execute(
            "SELECT link_id, values_json FROM answers WHERE session_id = ?", (session_id,)):
        values = json.loads(values_json)
        assert len(values) == 1, f"{link_id}: expected one value, got {values}"
        v = values[0]
        stored[link_id] = (v["coding"]["code"] if "coding" in v else
                           str(v["integer"]) if "integer" in v else
                           ("true" if v["boolean"] else "false") if "boolean" in v else v["string"])
    assert stored == given, f"answers in the store {stored} differ from the taps {given}"
    queued = db.execute("SELECT response_json FROM outbox WHERE session_id = ?", (session_id,)).fetchone()
    assert queued, "the completed response is not queued for upload"
    response = json.loads(queued[0])
    assert response.get("status") == "completed", response.get("status")


def main():
    binary, out = sys.argv[1], sys.argv[2]
    work = make_workdir(os.path.join(out, "e2e-questionnaire"))
    x = Xvfb(1280, 800)
    kiosk = None
    try:
        kiosk = Kiosk(binary, x.display, work)
        given_en = answer_questionnaire(kiosk, "en", therapist="maria", comment="thanks")
        print("completed in English:", sorted(given_en))
        kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=15, what="welcome after thanks")
        given_es = answer_questionnaire(kiosk, "es", therapist="alex", comment="gracias señora")
        print("completed in Spanish:", sorted(given_es))
        with kiosk.db() as db:
            sid, status, language, therapist_id, _ = stored_session(db, "en")
            assert therapist_id == "maria", therapist_id
            check_answers(db, sid, given_en)
            sid, status, language, therapist_id, name = stored_session(db, "es")
            assert therapist_id == "alex" and name == "Alex Rivera", (therapist_id, name)
            check_answers(db, sid, given_es)
        log = kiosk.output()
        for secret in ("thanks", "gracias"):
            assert secret not in log, f"a typed answer appeared in the log:\n{log}"
        print("1 passed, 0 failed")
    finally:
        if kiosk:
            kiosk.close()
        x.close()


if __name__ == "__main__":
    main()

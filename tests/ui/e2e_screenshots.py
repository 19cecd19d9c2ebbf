"""Screenshots of every patient screen (and the staff PIN and out-of-service screens) at 1280x800
and 800x1280, written by the real program (--screenshot-dir) while xdotool drives it. The files
are for people to look at; the test checks that each screen produced one.
Usage: e2e_screenshots.py <alliance-kiosk> <output dir>   (PNGs in <output dir>/screenshots/)"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, Xvfb, answer_questions, make_workdir, write_config  # noqa: E402

EXPECTED = {"welcome", "therapist", "visit-code", "question", "thanks", "still-there", "staff-pin",
            "out-of-service", "new-patient", "question-better-why", "question-task-home", "question-comment"}


def tour(binary, display, work, size, shots):
    config = os.path.join(work, "kiosk.toml")
    write_config(config, os.path.join(work, "data"), idle_seconds=10, still_there_seconds=5,
                 thanks_seconds=3, ask_visit_code=True, min_seconds_between_responses=600)
    kiosk = Kiosk(binary, display, work, size=size, config=config, screenshots=shots)
    try:
        for toggle in ("a11y:larger", "a11y:contrast", "a11y:contrast", "a11y:larger", "language:es"):
            kiosk.tap(toggle)
        kiosk.tap("start")
        kiosk.tap("therapist:maria")
        kiosk.tap("key:4")  # enables Delete and OK; the digits themselves are not in the tree
        for key in ("key:2", "key:7"):
            kiosk.tap(key, wait_change=False)
            time.sleep(0.1)
        t = kiosk.tap("key:ok")
        answer_questions(kiosk, t, "muy bien, gracias")
        kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=10, what="welcome after thanks")
        if kiosk.tree()["language"] != "en":
            kiosk.tap("language:en")
        # The same in English, right after: "Are you a new patient?" first; capitals typed.
        t = kiosk.tap("start")
        assert t["screen"] == "new-patient", t["screen"]
        kiosk.tap("new-patient:yes")
        kiosk.tap("therapist:maria")
        t = kiosk.tap("skip")
        answer_questions(kiosk, t, "Thank you Ana")
        kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=10, what="welcome after thanks")
        kiosk.tap("language:es")  # the new-patient question (and still-there) in Spanish too
        kiosk.tap("start")
        kiosk.tap("new-patient:yes")
        kiosk.tap("therapist:alex")
        t = kiosk.tap("skip")
        # The first question with larger text and high contrast, then walk away.
        kiosk.tap("a11y:larger")
        kiosk.tap("a11y:contrast")
        kiosk.wait_for(lambda t: t["screen"] == "still-there", timeout=20, what="still there?")
        kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=10, what="welcome")
        kiosk.hold("staff", 3.5)
        kiosk.wait_for(lambda t: t["screen"] == "staff-pin", timeout=5, what="the staff PIN pad")
        time.sleep(0.3)
    finally:
        kiosk.close()
    # Out of service: content that cannot be loaded.
    write_config(config, os.path.join(work, "data"), questionnaire="no-such-questionnaire")
    kiosk = Kiosk(binary, display, work, size=size, config=config, screenshots=shots)
    try:
        kiosk.wait_for(lambda t: t["screen"] == "out-of-service", what="out of service")
        time.sleep(0.3)
    finally:
        kiosk.close()


def main():
    binary, out = sys.argv[1], sys.argv[2]
    for size in ("1280x800", "800x1280"):
        w, h = (int(v) for v in size.split("x"))
        shots = os.path.join(out, "screenshots", size)
        work = make_workdir(os.path.join(out, "e2e-screenshots-" + size))
        os.system(f"rm -rf '{shots}'")
        x = Xvfb(w, h)
        try:
            tour(binary, x.display, work, size, shots)
        finally:
            x.close()
        files = sorted(os.listdir(shots))
        seen = {name.split("-", 1)[1].rsplit(".", 1)[0] for name in files}
        missing = [s for s in EXPECTED if not any(n == s or n.startswith(s + "-") for n in seen)]
        assert not missing, f"no screenshot of {missing} at {size}: {files}"
        small = [f for f in files if os.path.getsize(os.path.join(shots, f)) < 4000]
        assert not small, f"blank-looking screenshots at {size}: {small}"
        print(f"{size}: {len(files)} screenshots in {shots}")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()

"""A patient who walks away mid-questionnaire: "are you still there?" counts down, the kiosk goes
back to welcome, the partial session is kept as stopped (or discarded, as configured), and the
next patient sees nothing of it, not even through Back.
Usage: e2e_idle.py <alliance-kiosk> <output dir>"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, Xvfb, make_workdir, write_config  # noqa: E402


def walk_away(binary, display, work, partial):
    config = os.path.join(work, "kiosk.toml")
    write_config(config, os.path.join(work, "data"), idle_seconds=10, still_there_seconds=5, partial=partial)
    kiosk = Kiosk(binary, display, work, config=config)
    try:
        kiosk.tap("start")
        kiosk.tap("therapist:maria")
        t = kiosk.tree()
        first_item = t["item"]
        answer = [w["id"] for w in t["widgets"] if w["id"].startswith("answer:")][1]
        kiosk.tap(answer)
        kiosk.wait_for(lambda t: t["item"] != first_item, what="the second question")
        # Walk away.
        t = kiosk.wait_for(lambda t: t["screen"] == "still-there", timeout=15, what="are you still there?")
        assert "continue" in kiosk.ids(t), t
        t = kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=10, what="welcome after the countdown")
        assert "back" not in kiosk.ids(t), "welcome must offer no way back into the last session"
        with kiosk.db() as db:
            rows = db.execute("SELECT status FROM sessions").fetchall()
            queued = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        if partial == "keep":
            assert rows == [("stopped",)], f"the partial session should be kept as stopped: {rows}"
            assert queued == 1, "a kept partial session is queued for upload"
        else:
            assert rows == [], f"the partial session should be gone: {rows}"
            assert queued == 0
        # The next patient: nothing chosen anywhere, and Back leads only to empty screens.
        kiosk.tap("start")
        t = kiosk.tree()
        assert t["screen"] == "therapist", t
        assert not any(w["selected"] for w in t["widgets"] if w["id"].startswith("therapist:")), \
            "the last patient's therapist is still chosen"
        t = kiosk.tap("therapist:alex")
        assert t["item"] == first_item
        assert not any(w["selected"] for w in t["widgets"] if w["id"].startswith("answer:")), \
            "the last patient's answer is showing"
        t = kiosk.tap("back")
        assert t["screen"] == "therapist", t
        back = [w for w in t["widgets"] if w["id"] == "back"]
        assert not back or not back[0]["enabled"], "Back goes beyond the new session's start"
        print(f"walk-away with partial={partial}: still-there, welcome, nothing left behind")
    finally:
        kiosk.close()


def main():
    binary, out = sys.argv[1], sys.argv[2]
    x = Xvfb(1280, 800)
    try:
        for partial in ("keep", "discard"):
            walk_away(binary, x.display, make_workdir(os.path.join(out, "e2e-idle-" + partial)), partial)
        print("2 passed, 0 failed")
    finally:
        x.close()


if __name__ == "__main__":
    main()

"""Front-desk staff mode end to end, with real X input on the real alliance-kiosk (issue 5):
`--set-pin` through a pipe; a short tap on the hidden corner does nothing; holding it for 3 s opens
the PIN pad; five wrong PINs lock the pad, and the lock survives a restart; after the lock (the real
60 s: no clock hook in the program) the right PIN opens the menu, and "reset now" ends a
half-finished patient session, which the store keeps as `stopped` ([kiosk] partial = "keep") or
deletes ("discard"); a therapist staff put off duty stays off after a restart; the audit table has
each step and never the PIN. Screenshots of every screen are left in <output dir>/e2e-staff.
Usage: e2e_staff.py <alliance-kiosk> <output dir>"""
import os
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ui"))
from kiosk_driver import Kiosk, Xvfb, make_workdir, write_config  # noqa: E402

RIGHT_PIN = "2468"
WRONG_PIN = "97531"
HOLD_SECONDS = 3.3  # [staff] hold_seconds is 3


def set_pin(binary, config, pin):
    run = subprocess.run([binary, "--set-pin", "--config", config], input=f"{pin}\n{pin}\n",
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"--set-pin failed ({run.returncode}): {run.stderr}"
    assert pin not in run.stdout + run.stderr, "--set-pin echoed the PIN"


def open_pad(kiosk):
    """Holds the hidden corner (mousedown, wait, mouseup) until the PIN pad shows."""
    kiosk.hold("staff", HOLD_SECONDS)
    return kiosk.wait_for(lambda t: t["screen"] == "staff-pin", what="the PIN pad after holding the corner")


def enter_pin(kiosk, pin):
    """Types the digits (the tree does not show them) and taps Enter; returns the tree after the check."""
    for digit in pin:
        kiosk.tap("key:" + digit, wait_change=False)
        time.sleep(0.05)
    kiosk.wait_for(lambda t: kiosk.widget("key:ok", t)["enabled"], what="Enter to be enabled")
    # The check clears the typed digits, so Enter turns disabled again (or the menu shows).
    before = kiosk.tree()
    kiosk.tap("key:ok", wait_change=False)
    return kiosk.wait_for(lambda t: t != before and (t["screen"] != "staff-pin" or
                                                     not kiosk.widget("key:ok", t)["enabled"]),
                          timeout=15, what="the PIN check")


def audit_rows(kiosk):
    with kiosk.db() as db:
        return [f"{a}|{b}|{c}|{d}" for a, b, c, d in
                db.execute("SELECT actor, action, outcome, detail FROM audit ORDER BY id")]


def start_patient_session(kiosk, off_duty=()):
    """Begins the questionnaire and answers the first question; returns the session's id."""
    kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome")
    t = kiosk.tap("start")
    assert t["screen"] == "therapist", t
    for therapist in off_duty:
        assert f"therapist:{therapist}" not in kiosk.ids(t), f"{therapist} is off duty but listed: {t}"
    t = kiosk.tap("therapist:alex")
    assert t["screen"] == "question", t
    item = t["item"]
    answer = [w["id"] for w in t["widgets"] if w["id"].startswith(f"answer:{item}:")][1]
    kiosk.tap(answer)
    kiosk.wait_for(lambda n: n["item"] != item, what="the second question")
    with kiosk.db() as db:
        rows = db.execute("SELECT id FROM sessions WHERE status = 'in_progress'").fetchall()
        answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert len(rows) == 1 and answers >= 1, f"expected one session in progress with an answer: {rows}"
    return rows[0][0]


def restart(kiosk, binary, display, work, config, shots):
    """Stops the kiosk and starts it again on the same data (screenshots into `shots`, as each run
    numbers its own from 1); waits for its welcome screen."""
    kiosk.close()
    os.remove(kiosk.tree_file)  # so that the new program's first tree is not mistaken for the old one
    kiosk = Kiosk(binary, display, work, config=config, screenshots=shots)
    kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome after a restart")
    time.sleep(0.5)  # the window is mapped; let it settle before real input
    return kiosk


def reset_from_menu(kiosk):
    open_pad(kiosk)
    menu = enter_pin(kiosk, RIGHT_PIN)
    assert menu["screen"] == "staff-menu" and menu["item"] == "menu", menu
    kiosk.tap("staff:reset")
    return kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome after reset")


def main():
    binary, out = sys.argv[1], sys.argv[2]
    work = make_workdir(os.path.join(out, "e2e-staff"))
    shots = os.path.join(work, "screenshots")
    config = os.path.join(work, "kiosk.toml")
    data = os.path.join(work, "data")
    os.makedirs(data)
    # A long idle time: the patient's half-finished session must wait for staff, not time out.
    write_config(config, data, idle_seconds=600, partial="keep")
    set_pin(binary, config, RIGHT_PIN)
    pin_file = os.path.join(data, "staff.pin")
    assert stat.S_IMODE(os.stat(pin_file).st_mode) == 0o600, oct(os.stat(pin_file).st_mode)

    x = Xvfb(1280, 800)
    kiosk = None
    try:
        kiosk = Kiosk(binary, x.display, work, config=config, screenshots=os.path.join(shots, "1-lockout"))
        kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome")

        # A short tap on the corner shows nothing.
        kiosk.tap("staff", wait_change=False)
        time.sleep(1.0)
        assert kiosk.tree()["screen"] == "welcome", kiosk.tree()

        pad = open_pad(kiosk)
        assert all(kiosk.widget(f"key:{k}", pad) for k in "0123456789"), pad
        for attempt in range(1, 6):
            t = enter_pin(kiosk, WRONG_PIN)
            assert t["screen"] == "staff-pin", t
        locked_at = time.monotonic()
        keys = [w for w in t["widgets"] if w["id"].startswith("key:")]
        assert keys and not any(w["enabled"] for w in keys), f"keys still enabled after 5 wrong PINs: {t}"
        if "body" in t:  # the message line, when the UI tree carries it
            assert "Try again in" in t["body"], t["body"]
        print("locked after 5 wrong PINs")

        # The lock survives a restart.
        kiosk = restart(kiosk, binary, x.display, work, config, os.path.join(shots, "2-restart-and-reset"))
        t = open_pad(kiosk)
        assert not kiosk.widget("key:2", t)["enabled"], f"a restart opened the locked pad: {t}"
        kiosk.tap("staff:close")
        kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome after cancel")
        print("still locked after a restart")

        session = start_patient_session(kiosk)
        # The first lock is 60 s; the program has no clock hook, so the test waits it out.
        time.sleep(max(0.0, 61.0 - (time.monotonic() - locked_at)))
        t = open_pad(kiosk)
        assert kiosk.widget("key:2", t)["enabled"], f"the pad is still locked after 60 s: {t}"
        menu = enter_pin(kiosk, RIGHT_PIN)
        assert menu["screen"] == "staff-menu", menu
        t = kiosk.tap("staff:therapists")
        assert kiosk.widget("duty:maria", t)["selected"], t
        t = kiosk.tap("duty:maria")
        assert not kiosk.widget("duty:maria", t)["selected"], t
        kiosk.tap("staff:back")
        kiosk.tap("staff:status")
        kiosk.tap("staff:back")
        kiosk.tap("staff:reset")
        kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome after reset")
        print("reset from the staff menu")
        with kiosk.db() as db:
            status = db.execute("SELECT status FROM sessions WHERE id = ?", (session,)).fetchone()
            queued = db.execute("SELECT count(*) FROM outbox WHERE session_id = ?", (session,)).fetchone()[0]
        assert status == ("stopped",), f"partial = keep: expected the session stopped, got {status}"
        assert queued == 1, "a stopped session is queued for upload"

        rows = audit_rows(kiosk)
        expected = (["staff|open|ok|"] +
                    [f"staff|pin-check|wrong|{n} wrong in a row" for n in range(1, 6)] +
                    ["staff|lockout|locked|for 60 s", "staff|open|locked|", "staff|close|closed|",
                     "staff|open|ok|", "staff|pin-check|ok|", "staff|on-duty|off|therapist=maria",
                     "staff|status|viewed|",
                     "staff|reset-session|ok|partial=keep"])
        assert rows == expected, "audit rows:\n" + "\n".join(rows)
        with kiosk.db() as db:
            everything = " ".join(str(v) for row in db.execute("SELECT * FROM audit") for v in row)
        assert RIGHT_PIN not in everything and WRONG_PIN not in everything, "a PIN is in the audit table"

        # partial = "discard": the reset deletes the half-finished session and its answers.
        write_config(config, data, idle_seconds=600, partial="discard")
        kiosk = restart(kiosk, binary, x.display, work, config, os.path.join(shots, "3-discard"))
        session = start_patient_session(kiosk, off_duty=["maria"])  # kept for the day, across restarts
        reset_from_menu(kiosk)
        with kiosk.db() as db:
            left = db.execute("SELECT count(*) FROM sessions WHERE id = ?", (session,)).fetchone()[0]
            answers = db.execute("SELECT count(*) FROM answers WHERE session_id = ?", (session,)).fetchone()[0]
        assert left == 0 and answers == 0, f"partial = discard: the session is still stored ({left}, {answers})"
        assert audit_rows(kiosk)[-1] == "staff|reset-session|ok|partial=discard", audit_rows(kiosk)[-3:]
        print("reset with partial = discard deletes the session")

        print("screenshots:", shots)
        print("1 passed, 0 failed")
    finally:
        if kiosk:
            kiosk.close()
        x.close()


if __name__ == "__main__":
    main()

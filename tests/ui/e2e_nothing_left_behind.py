"""Nothing fabricated, nothing left behind (issue 13 item 7), on the real programs under Xvfb:
  owner_only:  with the caller's umask 022, the --ui-tree file, the --screenshot-dir folder and
               every screenshot are owner-only (the screen shows what patients chose).
  no_autopilot: the installed alliance-kiosk has no benchmark autopilot (no trace of it in the
               binary, ALLIANCE_AUTOPILOT_SESSIONS changes nothing); alliance-kiosk-bench has it
               and completes simulated sessions.
  exception:   an exception thrown inside the window loop (alliance-kiosk-bench's
               ALLIANCE_TEST_THROW_ON_SCREEN) ends on the out-of-service screen with E-INTERNAL;
               the program keeps running (no crash, no restart loop on a blank screen). And
               an unusable --screenshot-dir is reported, not fatal.
Usage: e2e_nothing_left_behind.py <owner_only|no_autopilot|exception> <alliance-kiosk> <alliance-kiosk-bench> <output dir>"""
import os
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import kiosk_on_xvfb, make_workdir, write_config  # noqa: E402


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def owner_only(kiosk_bin, work):
    shots = os.path.join(work, "shots")
    os.umask(0o022)
    with kiosk_on_xvfb(kiosk_bin, work, screenshots=shots) as k:
        k.tap("start")
        k.wait_for(lambda t: t["screen"] == "therapist", what="therapist")
        time.sleep(0.5)
        assert mode(k.tree_file) == 0o600, f"UI tree mode {oct(mode(k.tree_file))}, expected 0600"
        assert mode(shots) == 0o700, f"screenshot folder mode {oct(mode(shots))}, expected 0700"
        pngs = [f for f in os.listdir(shots) if f.endswith(".png")]
        assert len(pngs) >= 2, pngs
        for f in pngs:
            assert mode(os.path.join(shots, f)) == 0o600, f"{f}: mode {oct(mode(os.path.join(shots, f)))}"


def no_autopilot(kiosk_bin, bench_bin, work):
    with open(kiosk_bin, "rb") as f:
        binary = f.read()
    for trace in (b"ALLIANCE_AUTOPILOT_SESSIONS", b"autopilot", b"ALLIANCE_TEST_THROW_ON_SCREEN"):
        assert trace not in binary, f"the installed program contains {trace!r}"
    # The variable does nothing to it: no session is started by itself.
    os.makedirs(os.path.join(work, "kiosk"))
    with kiosk_on_xvfb(kiosk_bin, os.path.join(work, "kiosk"), env={"ALLIANCE_AUTOPILOT_SESSIONS": "2"}) as k:
        time.sleep(3)
        assert k.tree()["screen"] == "welcome", k.tree()
        assert k.proc.poll() is None
        with k.db() as db:
            assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    # The bench build completes them and exits 0 (what tests/bench/ui_bench.py relies on).
    bench_work = os.path.join(work, "bench")
    os.makedirs(bench_work)
    with kiosk_on_xvfb(bench_bin, bench_work, env={"ALLIANCE_AUTOPILOT_SESSIONS": "2"}) as k:
        k.proc.wait(timeout=120)
        assert k.proc.returncode == 0, k.output()
        assert "alliance-kiosk autopilot: sessions=2" in k.output(), k.output()
        with k.db() as db:
            assert db.execute("SELECT count(*) FROM sessions WHERE status = 'completed'").fetchone()[0] == 2


def exception(kiosk_bin, bench_bin, work):
    # A --screenshot-dir that cannot be made (below a plain file): reported, the kiosk runs on.
    os.makedirs(os.path.join(work, "bad-shots"))
    not_a_dir = os.path.join(work, "bad-shots", "file")
    with open(not_a_dir, "w", encoding="utf-8") as f:
        f.write("x")
    with kiosk_on_xvfb(kiosk_bin, os.path.join(work, "bad-shots"), screenshots=os.path.join(not_a_dir, "shots")) as k:
        k.wait_for(lambda t: t["screen"] == "welcome", what="welcome with an unusable --screenshot-dir")
        assert "cannot create it" in k.output(), k.output()
    with kiosk_on_xvfb(bench_bin, work, env={"ALLIANCE_TEST_THROW_ON_SCREEN": "question"}) as k:
        k.tap("start")
        k.tap("therapist:maria", wait_change=False)
        t = k.wait_for(lambda t: t["screen"] == "out-of-service", what="out of service after the exception")
        assert t["error_code"] == "E-INTERNAL", t
        assert [w["id"] for w in t["widgets"]] == ["staff"], t
        time.sleep(2)
        assert k.proc.poll() is None, "the kiosk exited after the exception:\n" + k.output()
        assert k.tree()["screen"] == "out-of-service"
        assert "injected by ALLIANCE_TEST_THROW_ON_SCREEN" in k.output(), k.output()
        with k.db() as db:
            # The session the exception interrupted is closed as [kiosk] partial says (keep).
            assert db.execute("SELECT status FROM sessions").fetchall() == [("stopped",)]


def main():
    which, kiosk_bin, bench_bin, out = sys.argv[1:5]
    os.environ["ALLIANCE_TEST_OUTPUT"] = out
    work = make_workdir("nothing-left-behind-" + which)
    if which == "owner_only":
        owner_only(kiosk_bin, work)
    elif which == "no_autopilot":
        no_autopilot(kiosk_bin, bench_bin, work)
    else:
        exception(kiosk_bin, bench_bin, work)
    print(f"ok: {which}")


if __name__ == "__main__":
    main()

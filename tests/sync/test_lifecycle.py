"""The life of a response after the kiosk: a response the server always fails for is held and
never holds the queue, `requeue` brings it back; sent responses are purged after their retention
with nothing left to read back in the files; `push` while `run` sends never claims a response twice."""
import csv
import glob
import io
import os
import sqlite3
import subprocess
import time
import unittest

from harness import SYNC_BIN, FhirServer, Kiosk, ServerCase, stop_process, wait_until

# libfaketime (Debian package faketime) moves the clock of one process: `push` 31 days later.
# Preloaded directly rather than through the faketime command, which would stand between the
# test and the process it signals.
FAKETIME_LIBS = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")


def faked_env(days):
    return dict(os.environ, LD_PRELOAD=FAKETIME_LIBS[0], FAKETIME="+%dd" % days, FAKETIME_DONT_RESET="1")


def audit_rows(kiosk, action):
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(kiosk.data_dir, "alliance.db"), uri=True)
    try:
        return db.execute("SELECT actor, outcome, detail FROM audit WHERE action = ?", (action,)).fetchall()
    finally:
        db.close()


def file_bytes(path):
    if not os.path.exists(path):
        return b""
    with open(path, "rb") as f:
        return f.read()


class Lifecycle(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)

    def test_one_response_the_server_always_fails_among_100_is_held_the_99_arrive_once_and_requeue_delivers_it(self):
        kiosk = Kiosk(self, self.server.fhir_url, max_attempts=3)
        sessions = kiosk.seed(100)
        bad = sessions[37]
        self.server.set_faults(error500_for=bad)
        codes = []
        for _ in range(8):
            code, _, err = kiosk.sync("push")
            codes.append(code)
            if kiosk.status().get("held") == 1:
                break
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 1, "sent": 99}, err)
        self.assertEqual(codes[-1], 5, "push says some need attention")
        self.assertIn("is HELD after failing on its own 3 times", err)
        self.assertNotIn("PRIVATE-ANSWER", err)
        census = self.server.census()
        self.assertExactlyOnce(census, [s for s in sessions if s != bad])
        self.assertGreaterEqual(census["stats"]["error500_for"], 3)
        code, out, _ = kiosk.sync("status")
        self.assertEqual(code, 5, "status says some need attention")
        self.assertIn("requeue --held", out)
        self.assertIn("HTTP 500", out)
        # Held is visible in the export too.
        _, out, _ = kiosk.sync("export")
        states = {row["session_id"]: row["state"] for row in csv.DictReader(io.StringIO(out))}
        self.assertEqual(states[bad], "held")
        # Nothing more is sent for it until someone requeues it.
        self.assertEqual(kiosk.sync("push")[0], 0)
        self.assertEqual(self.server.census()["stats"]["error500_for"], census["stats"]["error500_for"])

        self.server.set_faults()
        code, out, err = kiosk.sync("requeue", "--held")
        self.assertEqual(code, 0, err)
        self.assertIn("1 responses back in the queue", out)
        self.assertEqual(audit_rows(kiosk, "requeue"), [("it", "ok", "requeue --held: 1 back in the queue")])
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), sessions)
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 100})

    def test_a_409_is_retried_and_the_response_arrives_once_the_conflict_is_gone(self):
        kiosk = Kiosk(self, self.server.fhir_url, batch_size=1)
        sessions = kiosk.seed(3)
        self.server.set_faults(status_for={"text": sessions[1], "status": 409})
        self.assertEqual(kiosk.sync("push")[0], 1)
        self.assertEqual(kiosk.status()["rejected"], 0)
        self.server.set_faults()
        for _ in range(3):
            if kiosk.sync("push")[0] == 0:
                break
        self.assertExactlyOnce(self.server.census(), sessions)

    def test_a_412_is_confirmed_by_a_search_and_counted_as_sent_with_a_warning_or_else_rejected(self):
        kiosk = Kiosk(self, self.server.fhir_url)
        sessions = kiosk.seed(2)  # one batch
        # Both stored on the server, the reply lost: still pending on the kiosk.
        self.server.set_faults(drop_after=1.0)
        self.assertEqual(kiosk.sync("push")[0], 1)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 2)
        self.assertEqual(kiosk.status()["pending"], 2)
        # The server now answers 412 (several matches) for the first one.
        self.server.set_faults(status_for={"text": sessions[0], "status": 412})
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertIn("412 (several matches)", err)
        self.assertIn("counted as sent", err)
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 2})
        self.assertExactlyOnce(self.server.census(), sessions)
        # A 412 for a response the server does not hold stays a refusal.
        fresh = kiosk.seed(1)
        self.server.set_faults(status_for={"text": fresh[0], "status": 412})
        self.assertEqual(kiosk.sync("push")[0], 5)
        self.assertEqual(kiosk.status()["rejected"], 1)

    def test_requeue_without_a_selection_is_a_usage_error(self):
        kiosk = Kiosk(self, self.server.fhir_url)
        code, _, err = kiosk.sync("requeue")
        self.assertEqual(code, 2)
        self.assertIn("--held, --rejected or one or more session ids", err)

    @unittest.skipUnless(FAKETIME_LIBS, "libfaketime (Debian package faketime) is not installed")
    def test_push_and_run_purge_sent_responses_after_retention_leaving_no_trace_in_the_files(self):
        kiosk = Kiosk(self, self.server.fhir_url)
        kiosk.seed(6)
        self.assertEqual(kiosk.sync("push")[0], 0)
        db = os.path.join(kiosk.data_dir, "alliance.db")
        stored = file_bytes(db) + file_bytes(db + "-wal")
        self.assertIn(b"PRIVATE-ANSWER-", stored, "the test would prove nothing")

        def faked(days, *args):
            return subprocess.run([SYNC_BIN, *args, "--config", kiosk.config], env=faked_env(days),
                                  capture_output=True, text=True, timeout=120)

        # 29 days on: still kept (retention_days = 30 by default).
        self.assertEqual(faked(29, "push").returncode, 0)
        self.assertEqual(kiosk.status()["sent"], 6)
        proc = faked(31, "push")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("purged 6 sent responses", proc.stderr)
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 0})
        for path in (db, db + "-wal"):
            self.assertNotIn(b"PRIVATE-ANSWER-", file_bytes(path), path)
        self.assertEqual(len(audit_rows(kiosk, "purge")), 1)

        # `run` purges at start.
        kiosk.seed(2)
        self.assertEqual(kiosk.sync("push")[0], 0)
        daemon = subprocess.Popen([SYNC_BIN, "run", "--config", kiosk.config], env=faked_env(31),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(stop_process, daemon)
        self.assertTrue(wait_until(lambda: kiosk.status().get("sent") == 0, 20))
        _, _, err = stop_process(daemon)
        self.assertIn("purged 2 sent responses", err)
        for path in (db, db + "-wal"):
            self.assertNotIn(b"PRIVATE-ANSWER-", file_bytes(path), path)

    def test_with_sync_off_status_says_answers_stay_until_exported(self):
        kiosk = Kiosk(self, kind="off")
        kiosk.seed(1)
        code, out, _ = kiosk.sync("status")
        self.assertEqual(code, 0)
        self.assertIn("answers stay on this kiosk until they are exported", out)

    def test_push_while_run_is_sending_never_claims_the_same_responses(self):
        kiosk = Kiosk(self, self.server.fhir_url, interval_seconds=3600)
        sessions = kiosk.seed(12)
        self.server.set_faults(delay_ms=700)
        daemon = kiosk.start("run")
        self.addCleanup(stop_process, daemon)
        self.assertTrue(wait_until(lambda: self.server.census()["stats"]["requests"] >= 1, 10, step=0.05))
        started = time.monotonic()
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertGreater(time.monotonic() - started, 1.0, "push did not wait for run's pass")
        stop_process(daemon)
        self.assertExactlyOnce(self.server.census(), sessions)
        _, out, _ = kiosk.sync("export")
        attempts = [int(row["attempts"]) for row in csv.DictReader(io.StringIO(out))]
        self.assertEqual(attempts, [1] * 12, "a response was claimed by both processes")


if __name__ == "__main__":
    unittest.main()

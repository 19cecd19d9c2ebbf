"""A server that drops replies, fails, throttles and stalls: `run` still converges to exactly one
copy of everything; new work and "sync now" are picked up promptly; the json target too."""
import os
import time
import unittest

from harness import FhirServer, Kiosk, ServerCase, stop_process, wait_until


class Faults(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)

    def run_daemon(self):
        daemon = self.kiosk.start("run")
        self.addCleanup(stop_process, daemon)
        return daemon

    def test_run_converges_to_exactly_500_when_replies_are_dropped_and_the_server_fails_and_throttles(self):
        sessions = self.kiosk.seed(500)
        self.server.set_faults(drop_after=0.3, error500=0.05, error429=0.05, retry_after=1, seed=11)
        daemon = self.run_daemon()
        done = wait_until(lambda: self.server.census()["QuestionnaireResponse"]["total"] >= 500
                          and self.kiosk.status().get("pending") == 0, 420, step=1)
        code, _, err = stop_process(daemon)
        self.assertTrue(done, "run did not converge; its log:\n" + err)
        self.assertEqual(code, 0, err)
        census = self.server.census()
        self.assertExactlyOnce(census, sessions)
        stats = census["stats"]
        self.assertGreater(stats["dropped"], 0, "no reply was dropped: the test proved nothing")
        self.assertGreater(stats["error500"] + stats["error429"], 0)
        self.assertIn("upload stopped", err)
        self.assertEqual(self.kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 500})

    def test_a_reply_slower_than_the_timeout_is_retried_without_a_duplicate(self):
        sessions = self.kiosk.seed(20)
        self.kiosk.write_config(self.server.fhir_url, timeout_seconds=1)
        self.server.set_faults(delay_ms=2500)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("no reply in time", err)
        self.assertEqual(self.kiosk.status()["pending"], 20)
        self.server.set_faults()
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), sessions)

    def test_run_picks_up_a_newly_completed_response_within_5_seconds(self):
        self.kiosk.write_config(self.server.fhir_url, interval_seconds=3600)
        self.kiosk.seed(1)
        self.run_daemon()
        self.assertTrue(wait_until(lambda: self.server.census()["QuestionnaireResponse"]["total"] == 1, 10))
        time.sleep(1)
        self.kiosk.seed(1)
        started = time.monotonic()
        self.assertTrue(wait_until(lambda: self.server.census()["QuestionnaireResponse"]["total"] == 2, 10, step=0.1))
        self.assertLessEqual(time.monotonic() - started, 5.0)

    def test_touching_sync_request_makes_run_send_at_once_even_while_it_backs_off(self):
        self.kiosk.write_config(self.server.fhir_url, interval_seconds=3600, max_backoff_seconds=3600)
        sessions = self.kiosk.seed(5)
        self.server.set_faults(error503=1.0, retry_after=600)
        self.run_daemon()
        self.assertTrue(wait_until(lambda: self.server.census()["stats"]["error503"] >= 1, 10))
        time.sleep(1)
        self.server.set_faults()
        with open(os.path.join(self.kiosk.data_dir, "sync.request"), "w"):
            pass
        self.assertTrue(wait_until(lambda: self.server.census()["QuestionnaireResponse"]["total"] == 5, 5, step=0.1))
        self.assertExactlyOnce(self.server.census(), sessions)

    def test_the_json_target_delivers_each_response_once_with_an_idempotency_key_per_batch(self):
        sessions = self.kiosk.seed(40)
        self.kiosk.write_config(self.server.base + "/json/responses", kind="json", batch_size=10)
        self.server.set_faults(drop_after=0.5, seed=5)
        for _ in range(30):
            code, _, err = self.kiosk.sync("push")
            if code == 0:
                break
        self.assertEqual(code, 0, err)
        census = self.server.census()["json"]
        self.assertEqual(census["sessions"], 40)
        self.assertEqual(census["duplicates"], {})
        self.assertEqual(self.kiosk.status()["sent"], len(sessions))


if __name__ == "__main__":
    unittest.main()

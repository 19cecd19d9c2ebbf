"""A response counts as sent only when the server's reply proves it: a 2xx from something else (a
clinic proxy's login page, an empty 200, a 202) leaves everything pending with a warning naming
the likely cause, and pointed at the real server afterwards everything arrives exactly once."""
import unittest

from harness import FhirServer, Kiosk, ServerCase


class Proof(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)

    def assert_nothing_marked_sent(self, kiosk, impostor, count):
        self.server.set_faults(impostor=impostor)
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertEqual(kiosk.status(), {"pending": count, "rejected": 0, "held": 0, "sent": 0})
        self.assertIn("nothing is counted as sent", err)
        self.assertIn("proxy", err)
        self.assertGreater(self.server.census()["stats"]["impostor"], 0)

    def test_a_proxy_answering_200_with_html_marks_nothing_sent_then_the_real_server_gets_everything_once(self):
        kiosk = Kiosk(self, self.server.fhir_url)
        sessions = kiosk.seed(6)
        self.assert_nothing_marked_sent(kiosk, "html", 6)
        _, out, _ = kiosk.sync("status")
        self.assertIn("login portal", out)  # the last error says why
        self.server.set_faults()
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), sessions)
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 6})

    def test_an_empty_200_and_a_202_are_retries_for_the_fhir_target(self):
        kiosk = Kiosk(self, self.server.fhir_url)
        sessions = kiosk.seed(2)
        self.assert_nothing_marked_sent(kiosk, "empty", 2)
        self.assert_nothing_marked_sent(kiosk, "202", 2)
        self.server.set_faults()
        self.assertEqual(kiosk.sync("push")[0], 0)
        self.assertExactlyOnce(self.server.census(), sessions)

    def test_the_json_target_needs_an_acknowledgement_listing_the_ids(self):
        kiosk = Kiosk(self, self.server.base + "/json/responses", kind="json", batch_size=5)
        sessions = kiosk.seed(7)
        self.assert_nothing_marked_sent(kiosk, "html", 7)
        self.assert_nothing_marked_sent(kiosk, "empty", 7)
        self.server.set_faults()
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 0, err)
        census = self.server.census()["json"]
        self.assertEqual(census["sessions"], len(sessions))
        self.assertEqual(census["duplicates"], {})
        self.assertEqual(kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 7})


if __name__ == "__main__":
    unittest.main()

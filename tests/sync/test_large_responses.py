"""[sync] max_transaction_entries against the real FHIR test server (Medplum's engine, which refuses
a transaction of more than 8 conditional creates): a response with more scores than fit in one
transaction is sent in several, lands exactly once also when replies are lost or a push is killed
between its parts, and is marked sent only when every part is proven."""
import unittest

from harness import FhirServer, Kiosk, ServerCase, kill_push_midway

SCORES = 12  # 13 entries a response: more than Medplum's 8


class LargeResponses(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url, max_transaction_entries=8)

    def test_a_response_with_more_scores_than_a_transaction_holds_lands_exactly_once(self):
        sessions = self.kiosk.seed(5, scores=SCORES)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertIn("sent 5", err)
        census = self.server.census()
        self.assertExactlyOnce(census, sessions, scores_per_response=SCORES)
        # The CapabilityStatement, then 5 responses of 2 transactions each (8 + 5 entries)
        self.assertEqual(census["stats"]["requests"], 1 + 10)
        self.assertEqual(self.kiosk.status()["sent"], 5)

    def test_without_the_limit_such_a_response_is_refused_by_the_server(self):
        # What the key changes: the same response in one transaction of 13 conditional creates.
        self.kiosk.write_config(self.server.fhir_url)
        self.kiosk.seed(1, scores=SCORES)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 5, err)
        self.assertIn("too many entries", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)

    def test_lost_replies_between_parts_never_duplicate_and_every_response_lands(self):
        sessions = self.kiosk.seed(20, scores=SCORES)
        # Half the replies are lost after the server stored the transaction.
        self.server.set_faults(drop_after=0.5, seed=7)
        for _ in range(40):
            code, _, _ = self.kiosk.sync("push")
            if code == 0:
                break
        self.server.set_faults()
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        census = self.server.census()
        self.assertGreater(census["stats"]["dropped"], 3, "the fault never struck")
        self.assertExactlyOnce(census, sessions, scores_per_response=SCORES)
        self.assertEqual(self.kiosk.status()["sent"], 20)

    def test_a_push_killed_between_the_parts_of_responses_is_completed_by_the_next_push(self):
        sessions = self.kiosk.seed(60, scores=SCORES)
        landed, partial = kill_push_midway(self.kiosk, self.server, 10, delay_ms=40)
        self.assertTrue(landed, "the first push never got going")
        self.assertLess(partial, 60, "the push finished before it could be killed")
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), sessions, scores_per_response=SCORES)


if __name__ == "__main__":
    unittest.main()

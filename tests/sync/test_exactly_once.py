"""Every response lands exactly once: 500 pushed, pushed again, a push killed half-way, a bad
record among good ones. Counts come from the real FHIR server (by identifier)."""
import os
import shutil
import unittest

from harness import (FhirServer, Kiosk, ServerCase, QR_SYSTEM, SCORE_SYSTEM, kill_push_midway)


class ExactlyOnce(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)

    def test_500_responses_land_exactly_once_and_a_second_push_of_the_same_store_adds_nothing(self):
        sessions = self.kiosk.seed(500)
        # A copy of the store as it was before the push: pushing it later sends all 500 again,
        # which only the server's conditional create can keep from duplicating.
        twin = os.path.join(self.kiosk.dir, "twin")
        shutil.copytree(self.kiosk.data_dir, twin)

        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        census = self.server.census()
        self.assertExactlyOnce(census, sessions)
        self.assertEqual(self.kiosk.status(), {"pending": 0, "rejected": 0, "held": 0, "sent": 500})
        # The CapabilityStatement (push refuses a server without conditional create), then 250
        # batches, over one kept-alive connection (census and search use their own).
        self.assertEqual(census["stats"]["requests"], 1 + 250)
        self.assertLessEqual(census["stats"]["connections"], 3)
        self.assertRegex(census["stats"]["user_agent"], r"^alliance-sync/\d+\.\d+")

        for session in (sessions[0], sessions[249], sessions[499]):
            found = self.server.search("QuestionnaireResponse", QR_SYSTEM, "urn:uuid:" + session)
            self.assertEqual(len(found.get("entry", [])), 1, session)
            qr = found["entry"][0]["resource"]
            self.assertEqual(qr["identifier"], {"system": QR_SYSTEM, "value": "urn:uuid:" + session})
            self.assertEqual(qr["questionnaire"], "https://alliance-kiosk.example/fhir/Questionnaire/alliance-check|1.0.0")
            self.assertEqual(qr["author"]["identifier"]["value"], "front-desk-1")
            obs = self.server.search("Observation", SCORE_SYSTEM, session + ":total")
            self.assertEqual(len(obs.get("entry", [])), 1)
            self.assertEqual(obs["entry"][0]["resource"]["derivedFrom"][0]["reference"], "QuestionnaireResponse/" + qr["id"])

        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertIn("nothing due", err)

        code, _, err = self.kiosk.sync("push", "--data-dir", twin)
        self.assertEqual(code, 0, err)
        self.assertIn("sent 500", err)
        self.assertExactlyOnce(self.server.census(), sessions)

    def test_a_push_killed_with_sigkill_half_way_and_run_again_still_leaves_exactly_500(self):
        sessions = self.kiosk.seed(500)
        landed, partial = kill_push_midway(self.kiosk, self.server, 150)
        self.assertTrue(landed, "the first push never got going")
        self.assertLess(partial, 500, "the push finished before it could be killed")

        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), sessions)
        self.assertEqual(self.kiosk.status()["sent"], 500)

    def test_an_invalid_record_is_rejected_and_reported_while_all_the_others_land(self):
        sessions = self.kiosk.seed(60, invalid=[17])
        # Batches of 20 are too big for this server: they are refused as a whole too, and the
        # uploader learns to send smaller ones without rejecting anything good.
        self.kiosk.write_config(self.server.fhir_url, batch_size=20)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 5, err)
        self.assertIn("limits the size of a request", err)
        bad = sessions[17]
        self.assertExactlyOnce(self.server.census(), [s for s in sessions if s != bad])
        self.assertIn("response %s was REJECTED" % bad, err)
        self.assertIn("Invalid dateTime format", err)
        self.assertIn("QuestionnaireResponse.authored", err)
        self.assertEqual(self.kiosk.status(), {"pending": 0, "rejected": 1, "held": 0, "sent": 59})
        code, out, _ = self.kiosk.sync("status")
        self.assertEqual(code, 5)
        self.assertIn("Invalid dateTime format", out)

        # Rejected means done: the next push leaves it alone and reports nothing to send.
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertIn("nothing due", err)

    def test_patients_answers_never_appear_in_the_log(self):
        self.kiosk.seed(30, invalid=[3])
        self.server.set_faults(error500=0.3, seed=3)
        logs = ""
        for _ in range(10):
            code, out, err = self.kiosk.sync("push")
            logs += out + err
            if code in (0, 5):
                break
        self.assertIn("REJECTED", logs)
        self.assertNotIn("PRIVATE-ANSWER", logs)
        self.assertNotIn("strongly-agree", logs)


if __name__ == "__main__":
    unittest.main()

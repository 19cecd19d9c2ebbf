"""A capability-aware `alliance-sync check` against the real FHIR test server: transactions,
conditional create and identifier search as the CapabilityStatement announces them, $validate of a
sample response, each failing step with what to do; and `push` refusing a server without
conditional create unless [sync] allow_without_conditional_create says IT knows."""
import unittest

from harness import FhirServer, Kiosk, ServerCase


class Capabilities(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)

    def check_without(self, *features):
        self.server.set_faults(capability=list(features))
        return self.kiosk.sync("check")

    def test_check_reports_each_capability_and_validates_a_sample_response(self):
        code, out, err = self.kiosk.sync("check")
        self.assertEqual(code, 0, out + err)
        for line in ("[ ok ] txn     transaction Bundles accepted",
                     "[ ok ] create  conditional create of QuestionnaireResponse and Observation",
                     "[ ok ] search  QuestionnaireResponse and Observation searchable by identifier",
                     "[ ok ] validate a sample QuestionnaireResponse passes the server's $validate"):
            self.assertIn(line, out)

    def test_each_missing_capability_fails_its_step_with_what_to_do(self):
        for feature, step, words in (("transaction", "txn", "turn transactions on"),
                                     ("conditionalCreate", "create", "allow_without_conditional_create = true"),
                                     ("identifier", "search", "enable the identifier search parameter")):
            code, out, _ = self.check_without(feature)
            self.assertEqual(code, 1, out)
            self.assertIn("[FAIL] %s" % step, out)
            self.assertIn("what to do:", out)
            self.assertIn(words, out)

    def test_a_sample_response_the_server_finds_invalid_fails_validate_with_the_servers_words(self):
        code, out, _ = self.check_without("strict-profile")
        self.assertEqual(code, 1, out)
        self.assertIn("[FAIL] validate the server finds a sample response invalid", out)
        self.assertIn("QuestionnaireResponse.subject: minimum required = 1", out)

    def test_a_server_without_validate_skips_that_step(self):
        code, out, _ = self.check_without("validate")
        self.assertEqual(code, 0, out)
        self.assertIn("[skip] validate skipped: the server does not announce $validate", out)

    def test_push_refuses_a_server_without_conditional_create_unless_it_is_allowed(self):
        self.kiosk.seed(2)
        self.server.set_faults(capability=["conditionalCreate"])
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 3, err)
        self.assertIn("[sync] allow_without_conditional_create: the server", err)
        self.assertIn("nothing was sent", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)
        self.assertEqual(self.kiosk.status()["pending"], 2)

        self.kiosk.write_config(self.server.fhir_url, allow_without_conditional_create=True)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 2)
        code, out, _ = self.kiosk.sync("check")
        self.assertIn("[ ok ] create  no conditional create announced for QuestionnaireResponse, Observation; sent anyway", out)

    def test_run_refuses_a_server_without_conditional_create_at_its_start(self):
        self.kiosk.seed(1)
        self.server.set_faults(capability=["conditionalCreate"])
        code, _, err = self.kiosk.sync("run", timeout=30)
        self.assertEqual(code, 3, err)
        self.assertIn("[sync] allow_without_conditional_create", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)


if __name__ == "__main__":
    unittest.main()

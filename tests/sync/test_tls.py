"""TLS is always verified: an unknown CA and a wrong pin are refused with a clear message; the
clinic's CA file, the right pin and a client certificate (mTLS) work. Certificates are made with
openssl for each test."""
import unittest

from harness import FhirServer, Kiosk, ServerCase, TestPki


class Tls(ServerCase):
    def start(self, client_required=False):
        self.pki = TestPki(self, client_required=client_required)
        self.server = FhirServer(*self.pki.server_args(), tls=self.pki)
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)
        self.sessions = self.kiosk.seed(5)

    def configure(self, **keys):
        self.kiosk.write_config(self.server.fhir_url, **keys)

    def test_a_server_certificate_from_an_unknown_ca_is_refused_with_what_to_do(self):
        self.start()
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("certificate is not trusted", err)
        self.assertIn("ca_file", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)
        self.assertEqual(self.kiosk.status()["pending"], 5)

        code, out, _ = self.kiosk.sync("check")
        self.assertEqual(code, 1)
        self.assertIn("[FAIL] tls", out)
        self.assertIn("what to do", out)

    def test_another_ca_in_ca_file_does_not_make_the_server_trusted(self):
        self.start()
        self.configure(ca_file=self.pki.other_ca_cert)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("certificate is not trusted", err)

    def test_with_the_clinic_ca_configured_responses_go_through_and_check_passes_every_step(self):
        self.start()
        self.configure(ca_file=self.pki.ca_cert)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), self.sessions)
        code, out, _ = self.kiosk.sync("check")
        self.assertEqual(code, 0, out)
        for step in ("config", "dns", "tcp", "tls", "auth", "server"):
            self.assertRegex(out, r"\[ ok \] %s\b" % step)
        self.assertIn("FHIR 4.0.1", out)

    def test_a_wrong_pinned_public_key_is_refused_and_the_right_one_works(self):
        self.start()
        wrong = "sha256//" + "A" * 43 + "="
        self.configure(ca_file=self.pki.ca_cert, pinned_public_key=wrong)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("does not match [sync] pinned_public_key", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)

        self.configure(ca_file=self.pki.ca_cert, pinned_public_key=self.pki.server_pin())
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), self.sessions)

    def test_a_server_requiring_client_certificates_refuses_without_one_and_accepts_with_it(self):
        self.start(client_required=True)
        self.configure(ca_file=self.pki.ca_cert)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("client_cert", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)

        self.configure(ca_file=self.pki.ca_cert, client_cert=self.pki.client_cert, client_key=self.pki.client_key)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), self.sessions)


if __name__ == "__main__":
    unittest.main()

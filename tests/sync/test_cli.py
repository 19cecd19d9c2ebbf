"""The command line IT uses: help and exit codes, check step by step, status, export, and the
credentials (bearer token file, OAuth2 client credentials)."""
import csv
import io
import json
import os
import socket
import unittest

from harness import FhirServer, Kiosk, ServerCase, stop_process, wait_until


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CommandLine(ServerCase):
    def test_every_command_has_help_and_a_bad_command_is_a_usage_error(self):
        kiosk = Kiosk(self)
        for command in ("check", "status", "push", "run", "export"):
            code, out, _ = kiosk.sync(command, "--help")
            self.assertEqual(code, 0, command)
            self.assertIn("--config", out)
        code, out, _ = kiosk.sync("--help")
        self.assertIn("Exit codes", out)
        code, _, _ = kiosk.sync("upload")
        self.assertEqual(code, 2)

    def test_a_bad_config_key_stops_check_at_the_config_step_naming_the_key(self):
        kiosk = Kiosk(self, "https://fhir.example.org/r4", batch_sise=5)
        code, out, _ = kiosk.sync("check")
        self.assertEqual(code, 3)
        self.assertIn("[FAIL] config", out)
        self.assertIn("batch_sise", out)
        self.assertNotIn("[ ok ] dns", out)

    def test_check_with_sync_off_says_so_and_succeeds_without_touching_the_network(self):
        kiosk = Kiosk(self, "", kind="off")
        code, out, err = kiosk.sync("check")
        self.assertEqual(code, 0, out + err)
        self.assertIn("[ ok ] config", out)
        self.assertIn('sync is off ([sync] kind = "off"): nothing is sent', out)
        self.assertNotIn("dns", out)
        self.assertNotIn("FAIL", out)

    def test_plain_http_to_another_machine_is_refused_before_any_network_use(self):
        kiosk = Kiosk(self, "http://fhir.example.org/r4")
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 3)
        self.assertIn("[sync] url", err)
        self.assertIn("http://", err)

    def test_check_stops_at_tcp_with_advice_when_nothing_listens(self):
        kiosk = Kiosk(self, "http://127.0.0.1:%d/fhir" % free_port())
        code, out, _ = kiosk.sync("check")
        self.assertEqual(code, 1)
        self.assertIn("[ ok ] config", out)
        self.assertIn("[ ok ] dns", out)
        self.assertIn("[FAIL] tcp", out)
        self.assertIn("what to do: is the server up", out)
        self.assertNotRegex(out.split("[FAIL] tcp")[1], r"\] (tls|auth|server)")

    def test_check_passes_every_step_against_the_test_server(self):
        with FhirServer() as server:
            kiosk = Kiosk(self, server.fhir_url)
            code, out, _ = kiosk.sync("check")
        self.assertEqual(code, 0, out)
        self.assertIn("[skip] tls", out)
        self.assertIn("[ ok ] server  FHIR 4.0.1", out)

    def test_export_writes_a_csv_header_and_one_row_per_response_and_ndjson_one_line_each(self):
        with FhirServer() as server:
            kiosk = Kiosk(self, server.fhir_url)
            sessions = kiosk.seed(25, invalid=[4])
            kiosk.sync("push")
        out_file = os.path.join(kiosk.dir, "export.csv")
        code, _, err = kiosk.sync("export", "--output", out_file)
        self.assertEqual(code, 0, err)
        self.assertEqual(os.stat(out_file).st_mode & 0o077, 0, "the export holds answers: owner-only")
        with open(out_file, newline="") as f:
            text = f.read()
        header = text.splitlines()[0]
        # One column per score and per item (sync_seed's: bond-1..4, pain-today, would-recommend, comments).
        self.assertEqual(header, "session_id,state,status,questionnaire_url,questionnaire_version,language,kiosk_id,"
                                 "therapist_id,therapist_name,visit_code,started_at,authored_at,low_alliance,"
                                 "score_bond,score_goals,score_total,answer_bond-1,answer_bond-2,answer_bond-3,"
                                 "answer_bond-4,answer_pain-today,answer_would-recommend,answer_comments,"
                                 "attempts,server_id,last_error")
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual([r["session_id"] for r in rows], sessions)
        self.assertEqual(rows[4]["state"], "rejected")
        self.assertIn("Invalid dateTime format", rows[4]["last_error"])
        self.assertEqual(rows[0]["state"], "sent")
        self.assertTrue(rows[0]["server_id"].startswith("QuestionnaireResponse/"))
        self.assertEqual(rows[1]["answer_comments"], "PRIVATE-ANSWER-1")
        self.assertEqual(rows[1]["answer_bond-1"], "neutral")  # a coding as its code: (1 + 1) % 5
        self.assertEqual(rows[1]["answer_pain-today"], "7")
        self.assertEqual(rows[1]["answer_would-recommend"], "true")
        self.assertEqual(float(rows[1]["score_total"]), 1.1)
        self.assertEqual(rows[1]["low_alliance"], "")  # sync_seed's responses carry no flag

        code, out, _ = kiosk.sync("export", "--format", "ndjson")
        self.assertEqual(code, 0)
        lines = [json.loads(line) for line in out.splitlines()]
        self.assertEqual([line["response"]["sessionId"] for line in lines], sessions)


class Credentials(ServerCase):
    def test_a_bearer_token_file_readable_by_others_is_refused_with_the_fix(self):
        kiosk = Kiosk(self)
        token = kiosk.secret("sync.token", "s3cret-token", mode=0o644)
        kiosk.write_config("https://fhir.example.org/r4", auth="bearer", token_file=token)
        code, _, err = kiosk.sync("push")
        self.assertEqual(code, 3)
        self.assertIn("[sync] token_file", err)
        self.assertIn("chmod 600", err)
        self.assertNotIn("s3cret-token", err)

    def test_a_bearer_token_from_an_owner_only_file_is_sent_and_a_wrong_one_is_reported(self):
        with FhirServer("--bearer", "right-token") as server:
            kiosk = Kiosk(self)
            kiosk.write_config(server.fhir_url, auth="bearer", token_file=kiosk.secret("sync.token", "wrong-token"))
            sessions = kiosk.seed(5)
            code, _, err = kiosk.sync("push")
            self.assertEqual(code, 1, err)
            self.assertIn("HTTP 401", err)
            self.assertIn("credentials", err)
            kiosk.write_config(server.fhir_url, auth="bearer", token_file=kiosk.secret("sync.token", "right-token"))
            code, _, err = kiosk.sync("push")
            self.assertEqual(code, 0, err)
            self.assertExactlyOnce(server.census(), sessions)

    def test_oauth2_client_credentials_are_cached_and_fetched_again_once_after_a_401(self):
        with FhirServer("--oauth", "kiosk-1:client-secret", "--token-ttl", "3600") as server:
            kiosk = Kiosk(self)
            kiosk.write_config(server.fhir_url, auth="oauth2", token_url=server.base + "/oauth/token",
                               client_id="kiosk-1", client_secret_file=kiosk.secret("client.secret", "client-secret"),
                               interval_seconds=3600)
            sessions = kiosk.seed(3)
            daemon = kiosk.start("run")
            self.addCleanup(stop_process, daemon)
            self.assertTrue(wait_until(lambda: server.census()["QuestionnaireResponse"]["total"] == 3, 15))
            sessions += kiosk.seed(3)
            self.assertTrue(wait_until(lambda: server.census()["QuestionnaireResponse"]["total"] == 6, 15))
            self.assertEqual(server.census()["stats"]["tokens_issued"], 1, "the token was not cached")
            server.control("revoke-tokens", {})
            sessions += kiosk.seed(3)
            self.assertTrue(wait_until(lambda: server.census()["QuestionnaireResponse"]["total"] == 9, 15))
            census = server.census()
            self.assertEqual(census["stats"]["tokens_issued"], 2)
            self.assertExactlyOnce(census, sessions)
            _, _, err = stop_process(daemon)
            self.assertNotIn("client-secret", err)

    def test_a_wrong_oauth2_client_secret_is_reported_naming_the_keys_to_check(self):
        with FhirServer("--oauth", "kiosk-1:client-secret") as server:
            kiosk = Kiosk(self)
            kiosk.write_config(server.fhir_url, auth="oauth2", token_url=server.base + "/oauth/token",
                               client_id="kiosk-1", client_secret_file=kiosk.secret("client.secret", "nope"))
            kiosk.seed(2)
            code, _, err = kiosk.sync("push")
            self.assertEqual(code, 1, err)
            self.assertIn("refused the client credentials", err)
            self.assertIn("client_secret_file", err)
            code, out, _ = kiosk.sync("check")
            self.assertEqual(code, 1)
            self.assertIn("[FAIL] auth", out)


if __name__ == "__main__":
    unittest.main()

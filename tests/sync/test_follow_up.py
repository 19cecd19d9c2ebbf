"""[report] follow_up = "task" against the real FHIR test server: every flagged response gets
exactly one Task (owner the therapist, focus the response) in the same transaction, also after a
push killed with SIGKILL half way and a second push that re-sends what was in flight; responses
that are not flagged get none."""
import unittest

from harness import FhirServer, Kiosk, ServerCase, SEED_BIN, kill_push_midway
import report_data as data



class FollowUpTasks(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        # 1 response a request: QuestionnaireResponse + 4 Observations + Task fit Medplum's 8 entries.
        self.kiosk = Kiosk(self, self.server.fhir_url, batch_size=1)
        with open(self.kiosk.config, "a") as f:
            f.write(data.therapists_toml() + '\n[report]\nfollow_up = "task"\n')
        self.responses = data.make_responses()
        self.sessions = dict(zip(data.seed(self.kiosk, self.responses, SEED_BIN), self.responses))

    def flagged_sessions(self):
        return {s for s, r in self.sessions.items() if r["status"] == "completed" and data.flag_parts(data.answers_of(r))}

    def tasks_by_session(self):
        """session id -> the Tasks focused on its QuestionnaireResponse."""
        qrs = self.server._open("/fhir/QuestionnaireResponse?_count=1000").get("entry", [])
        session_of = {"QuestionnaireResponse/" + e["resource"]["id"]: e["resource"]["identifier"]["value"][len("urn:uuid:"):]
                      for e in qrs}
        tasks = self.server._open("/fhir/Task?_count=1000").get("entry", [])
        by_session = {}
        for e in tasks:
            task = e["resource"]
            by_session.setdefault(session_of.get(task["focus"]["reference"], "dangling"), []).append(task)
        return by_session

    def test_each_flagged_response_has_exactly_one_task_after_a_killed_push_and_a_second_push(self):
        landed, partial = kill_push_midway(self.kiosk, self.server, 30, delay_ms=30)
        self.assertTrue(landed, "the first push never got going")
        self.assertLess(partial, len(self.sessions), "the push finished before it could be killed")
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], len(self.sessions))

        tasks = self.tasks_by_session()
        flagged = self.flagged_sessions()
        self.assertGreater(len(flagged), 20)
        self.assertLess(len(flagged), len(self.sessions), "some responses must be unflagged for this to mean anything")
        self.assertNotIn("dangling", tasks)
        self.assertEqual(set(tasks), flagged)
        self.assertEqual({s: len(t) for s, t in tasks.items() if len(t) != 1}, {}, "a flagged response has several Tasks")

    def test_a_task_is_owned_by_the_therapist_and_asks_for_the_talk(self):
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        tasks = self.tasks_by_session()
        alex = next(s for s in self.flagged_sessions() if self.sessions[s]["therapistId"] == "alex")
        task = tasks[alex][0]
        self.assertEqual(task["status"], "requested")
        self.assertEqual(task["intent"], "order")
        self.assertEqual(task["owner"]["identifier"], {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"})
        self.assertEqual(task["code"]["text"], "Talk with the patient about how treatment is going")
        self.assertEqual(task["identifier"][0], {"system": "urn:alliance-kiosk:follow-up", "value": alex})

    def test_without_follow_up_no_task_is_made(self):
        with open(self.kiosk.config) as f:
            config = f.read()
        with open(self.kiosk.config, "w") as f:
            f.write(config.replace('follow_up = "task"', 'follow_up = "none"'))
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.server._open("/fhir/Task?_count=10").get("entry", []), [])


if __name__ == "__main__":
    unittest.main()

"""Groups stay groups, against the real FHIR test server (Medplum's validateResource checks every
resource it stores): responses to a Questionnaire with nested groups and enableWhen, to the
clinic-12 fixture and to LHC-Forms' PHQ-9 export are stored, and each stored
QuestionnaireResponse nests its items exactly where the Questionnaire has them (checked here from
the Questionnaire's JSON, not with the kiosk's code)."""
import json
import os
import shutil
import subprocess
import unittest

from harness import FhirServer, Kiosk, ServerCase, SEED_BIN, QR_SYSTEM

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "questionnaires")


def coding(code, system=None):
    return {"coding": {"system": system or "", "code": code, "display": code}}


def response(answers):
    return {"status": "completed", "language": "en", "kioskId": "front-desk-1", "therapistId": "",
            "authoredAt": "2026-11-28T12:00:00Z", "questionnaireUrl": "x",
            "answers": [{"linkId": k, "values": v} for k, v in answers]}


def paths_of(items, path=(), out=None):
    """linkId -> the linkIds of its enclosing items, from the Questionnaire JSON."""
    out = {} if out is None else out
    for item in items:
        out[item["linkId"]] = path
        paths_of(item.get("item", []), path + (item["linkId"],), out)
    return out


class GroupsStayGroups(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url, batch_size=1)

    def seed(self, questionnaire, responses):
        path = os.path.join(self.kiosk.dir, "responses.ndjson")
        with open(path, "w") as f:
            for r in responses:
                f.write(json.dumps(r) + "\n")
        return subprocess.run([SEED_BIN, self.kiosk.data_dir, "--responses", path, questionnaire], check=True,
                              capture_output=True, text=True).stdout.split()

    def stored(self, session):
        found = self.server.search("QuestionnaireResponse", QR_SYSTEM, "urn:uuid:" + session).get("entry", [])
        self.assertEqual(len(found), 1, "response %s stored exactly once" % session)
        return found[0]["resource"]

    def assert_nested_as(self, questionnaire, qr):
        with open(questionnaire) as f:
            paths = paths_of(json.load(f)["item"])
        answered = []

        def walk(items, path):
            for item in items:
                self.assertEqual(paths[item["linkId"]], path, "%s is in the wrong place" % item["linkId"])
                self.assertNotEqual("item" in item, "answer" in item, item["linkId"])
                if "item" in item:
                    self.assertTrue(item["item"], "group %s sent empty" % item["linkId"])
                    walk(item["item"], path + (item["linkId"],))
                else:
                    answered.append(item["linkId"])
        walk(qr["item"], ())
        return answered

    def push(self):
        code, out, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, out + err)

    def test_a_nested_group_with_enable_when_is_stored_nested_two_deep(self):
        q = os.path.join(FIXTURES, "nested-groups.json")
        sessions = self.seed(q, [
            response([("had-pain", [{"boolean": True}]), ("pain-level", [{"integer": 6}]),
                      ("pain-where", [{"string": "knee"}]), ("felt-heard", [{"boolean": True}]),
                      ("comment", [{"string": "thanks"}])]),
            response([("had-pain", [{"boolean": False}]), ("felt-heard", [{"boolean": False}])])])
        self.push()
        first = self.stored(sessions[0])
        self.assertEqual(self.assert_nested_as(q, first), ["had-pain", "pain-level", "pain-where", "felt-heard", "comment"])
        self.assertEqual(first["item"][0]["item"][1]["item"][0], {"linkId": "pain-level", "answer": [{"valueInteger": 6}]})
        second = self.stored(sessions[1])
        self.assertEqual(self.assert_nested_as(q, second), ["had-pain", "felt-heard"])
        self.assertEqual(len(second["item"]), 1)

    def test_a_walked_away_response_is_nested_by_the_configured_questionnaire(self):
        # The store freezes a stopped session without the questionnaire, so without groups;
        # alliance-sync nests it by the questionnaire the kiosk is configured with.
        content = os.path.join(self.kiosk.dir, "content")
        os.makedirs(os.path.join(content, "questionnaires"))
        q = os.path.join(content, "questionnaires", "nested-groups.json")
        shutil.copy(os.path.join(FIXTURES, "nested-groups.json"), q)
        with open(self.kiosk.config) as f:
            config = f.read()
        with open(self.kiosk.config, "w") as f:
            f.write(config.replace('[kiosk]\n', '[kiosk]\ncontent_dir = "%s"\nquestionnaire = "nested-groups"\n' % content, 1))
        stopped = response([("had-pain", [{"boolean": True}]), ("pain-level", [{"integer": 2}])])
        stopped["status"] = "stopped"
        sessions = self.seed(q, [stopped])
        self.push()
        qr = self.stored(sessions[0])
        self.assertEqual(qr["status"], "stopped")
        self.assertEqual(self.assert_nested_as(q, qr), ["had-pain", "pain-level"])
        self.assertEqual(qr["item"][0]["linkId"], "visit")

    def test_the_clinic_12_response_is_stored_in_its_three_groups(self):
        q = os.path.join(FIXTURES, "clinic-12.json")
        system = "http://clinic.example.org/fhir/CodeSystem/frequency-5"
        answers = [(i, [coding("3", system)]) for i in ("e1", "e2", "x4", "c1", "c3")]
        sessions = self.seed(q, [response(answers)])
        self.push()
        qr = self.stored(sessions[0])
        self.assertEqual(self.assert_nested_as(q, qr), ["e1", "e2", "x4", "c1", "c3"])
        self.assertEqual([g["linkId"] for g in qr["item"]], ["expectations", "exercise", "communication"])

    def test_a_response_to_lhc_forms_phq9_is_stored(self):
        q = os.path.join(FIXTURES, "authoring", "lhc-forms-phq9.json")
        ids = ["/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7", "/44258-2", "/44252-5", "/44253-3", "/44260-8"]
        sessions = self.seed(q, [response([(i, [coding("LA6570-1")]) for i in ids] +
                                          [("/69722-7", [coding("LA6573-5")])])])
        self.push()
        qr = self.stored(sessions[0])
        self.assertEqual(self.assert_nested_as(q, qr), ids + ["/69722-7"])
        self.assertEqual(qr["questionnaire"], "urn:alliance-kiosk:questionnaire:44249-1-x")


if __name__ == "__main__":
    unittest.main()

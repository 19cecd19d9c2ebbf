"""Linkage to the EHR against the real FHIR test server: the configured identifier systems, and
[sync] resolve_encounter linking a response (and its scores) to the one Encounter the EHR holds for
its visit code, so that the clinic finds it by encounter and by patient; none or several matches
keep the visit code as a logical reference, say so in the log and never hold the upload back."""
import json
import unittest
import urllib.parse

from harness import FhirServer, Kiosk, ServerCase, QR_SYSTEM

VISIT_SYSTEM = "http://ehr.example.org/fhir/sid/visit-number"
DEVICE_SYSTEM = "http://clinic.example.org/fhir/sid/kiosk"


class Linkage(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url, encounter_identifier_system=VISIT_SYSTEM,
                           device_identifier_system=DEVICE_SYSTEM, resolve_encounter=True)
        # sync_seed gives response i the visit code V<1000+i> when i is a multiple of 4.
        self.sessions = self.kiosk.seed(12)
        self.patient = self.create({"resourceType": "Patient", "name": [{"family": "Example"}]})
        self.encounter = self.create(self.encounter_for("V1000"))
        self.create(self.encounter_for("V1004"))
        self.create(self.encounter_for("V1004"))  # the EHR holds two: ambiguous
        # V1008: none on the server

    def create(self, resource):
        created = self.server._open("/fhir/" + resource["resourceType"], json.dumps(resource).encode(),
                                    {"Content-Type": "application/fhir+json"})
        return created["resourceType"] + "/" + created["id"]

    def encounter_for(self, code):
        return {"resourceType": "Encounter", "status": "finished",
                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                "identifier": [{"system": VISIT_SYSTEM, "value": code}],
                "subject": {"reference": self.patient}}

    def find(self, resource_type, **params):
        return [e["resource"] for e in
                self.server._open("/fhir/%s?%s" % (resource_type, urllib.parse.urlencode(params))).get("entry", [])]

    def qr_of(self, session):
        return self.find("QuestionnaireResponse", identifier="%s|urn:uuid:%s" % (QR_SYSTEM, session))[0]

    def test_a_resolved_response_is_found_by_its_encounter_and_its_patient_with_its_scores(self):
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.kiosk.status()["sent"], 12)
        by_encounter = self.find("QuestionnaireResponse", encounter=self.encounter)
        self.assertEqual([qr["identifier"]["value"] for qr in by_encounter], ["urn:uuid:" + self.sessions[0]])
        by_subject = self.find("QuestionnaireResponse", subject=self.patient)
        self.assertEqual([qr["identifier"]["value"] for qr in by_subject], ["urn:uuid:" + self.sessions[0]])
        qr = by_encounter[0]
        self.assertEqual(qr["encounter"]["identifier"], {"system": VISIT_SYSTEM, "value": "V1000"})
        self.assertEqual(qr["author"]["identifier"], {"system": DEVICE_SYSTEM, "value": "front-desk-1"})
        scores = self.find("Observation", encounter=self.encounter)
        self.assertEqual(len(scores), 3)
        self.assertTrue(all(o["subject"]["reference"] == self.patient for o in scores))
        self.assertEqual(len(self.find("Observation", subject=self.patient)), 3)

    def test_none_or_several_encounters_keep_the_visit_code_and_are_logged_without_it(self):
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        for index, why in ((4, "several Encounters"), (8, "no Encounter")):
            qr = self.qr_of(self.sessions[index])
            self.assertNotIn("reference", qr["encounter"])
            self.assertNotIn("subject", qr)
            self.assertEqual(qr["encounter"]["identifier"], {"system": VISIT_SYSTEM, "value": "V%d" % (1000 + index)})
            self.assertIn("response %s: %s" % (self.sessions[index], why), err)
        self.assertNotIn("V1004", err)
        self.assertNotIn("V1008", err)

    def test_without_resolve_encounter_responses_keep_the_visit_code_under_the_configured_system(self):
        self.kiosk.write_config(self.server.fhir_url, encounter_identifier_system=VISIT_SYSTEM)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        qr = self.qr_of(self.sessions[0])
        self.assertEqual(qr["encounter"], {"type": "Encounter", "identifier": {"system": VISIT_SYSTEM, "value": "V1000"}})
        self.assertEqual(qr["author"]["identifier"]["system"], "urn:alliance-kiosk:kiosk")
        self.assertEqual(self.find("QuestionnaireResponse", encounter=self.encounter), [])


if __name__ == "__main__":
    unittest.main()

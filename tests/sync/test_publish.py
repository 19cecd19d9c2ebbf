"""alliance-sync publish and check against the real FHIR test server: the project's definitions
(content/fhir and the questionnaire) are created once, publishing again changes nothing, a
different resource with the same url and version is refused and left as it was, and check says
how many are there."""
import glob
import json
import os
import unittest
import urllib.parse
import urllib.request

from harness import FhirServer, Kiosk, ServerCase

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFINITIONS = sorted(glob.glob(os.path.join(SOURCE_DIR, "content", "fhir", "*.json"))) + [
    os.path.join(SOURCE_DIR, "content", "questionnaires", "alliance-check.json")]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Publish(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)

    def stored(self):
        """(type, url, version) -> [(id, versionId)] of every definition on the server."""
        found = {}
        for path in DEFINITIONS:
            d = load(path)
            query = urllib.parse.urlencode({"url": d["url"], "version": d["version"]})
            bundle = self.server._open("/fhir/%s?%s" % (d["resourceType"], query))
            found[(d["resourceType"], d["url"], d["version"])] = sorted(
                (e["resource"]["id"], e["resource"]["meta"]["versionId"]) for e in bundle.get("entry", []))
        return found

    def test_publish_creates_each_definition_once_and_publishing_again_changes_nothing(self):
        self.assertTrue(all(v == [] for v in self.stored().values()))
        code, out, err = self.kiosk.sync("publish")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("[new ]"), len(DEFINITIONS), out)
        first = self.stored()
        self.assertTrue(all(len(v) == 1 for v in first.values()), first)
        code, out, err = self.kiosk.sync("publish")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("[ ok ]"), len(DEFINITIONS), out)
        self.assertNotIn("[new ]", out)
        self.assertEqual(self.stored(), first, "the second publish wrote something")

    def test_a_different_resource_with_the_same_url_and_version_is_refused_and_left_alone(self):
        score = load(os.path.join(SOURCE_DIR, "content", "fhir", "CodeSystem-score.json"))
        score["title"] = "Somebody else's scores"
        del score["id"]
        request = urllib.request.Request(self.server.fhir_url + "/CodeSystem", data=json.dumps(score).encode(),
                                         headers={"Content-Type": "application/fhir+json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as reply:
            self.assertEqual(reply.status, 201)
        before = self.stored()
        code, out, err = self.kiosk.sync("publish")
        self.assertEqual(code, 5, out + err)
        self.assertIn("[FAIL] CodeSystem https://alliance-kiosk.org/fhir/CodeSystem/score|1.0.0: the server holds a "
                      "DIFFERENT resource with this url and version", out)
        after = self.stored()
        key = ("CodeSystem", "https://alliance-kiosk.org/fhir/CodeSystem/score", "1.0.0")
        self.assertEqual(after[key], before[key], "the other resource was changed")
        self.assertEqual(sum(1 for k, v in after.items() if k != key and len(v) == 1), len(DEFINITIONS) - 1)

    def test_check_reports_how_many_definitions_are_on_the_server(self):
        code, out, _ = self.kiosk.sync("check")
        self.assertEqual(code, 0, out)
        self.assertIn("[ ok ] defs    0 of %d project definitions" % len(DEFINITIONS), out)
        self.assertIn("[miss] Questionnaire https://alliance-kiosk.org/fhir/Questionnaire/alliance-check|1.1.0", out)
        self.kiosk.sync("publish")
        code, out, _ = self.kiosk.sync("check")
        self.assertEqual(code, 0, out)
        self.assertIn("%d of %d project definitions" % (len(DEFINITIONS), len(DEFINITIONS)), out)
        self.assertNotIn("[miss]", out)


if __name__ == "__main__":
    unittest.main()

"""[fleet]: alliance-sync run pulls the questionnaire and the therapist list from the FHIR server
into the data directory; the kiosk (real binary, under Xvfb) switches at the next welcome screen.
Whatever is wrong on the server keeps the last good content and shows in `status`."""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SEED_BIN, SYNC_BIN, FhirServer, ServerCase, stop_process, wait_until  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SOURCE, "tests", "ui"))
from kiosk_driver import Kiosk as UiKiosk, Xvfb, answer_questions  # noqa: E402
from png_util import write_png  # noqa: E402

KIOSK_BIN = os.environ.get("ALLIANCE_KIOSK_BIN", "")
QUESTIONNAIRE_URL = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check"
ORG = "clinic-north"


def shipped_questionnaire():
    with open(os.path.join(SOURCE, "content", "questionnaires", "alliance-check.json"), encoding="utf-8") as f:
        q = json.load(f)
    del q["id"]
    q["status"] = "active"
    return q


def first_question(q):
    """The first item a patient answers (the shipped questionnaire starts with a choice)."""
    for item in q["item"]:
        if item["type"] != "group" and item["type"] != "display":
            return item
        for inner in item.get("item", []):
            if inner["type"] != "display":
                return inner
    raise AssertionError("no question")


def fhir(server, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(server.fhir_url + "/" + path, data=data, method=method,
                                 headers={"Content-Type": "application/fhir+json"})
    with urllib.request.urlopen(req, timeout=30) as reply:
        return json.loads(reply.read().decode())


def put_therapist(server, pid, given, family, active=True):
    fhir(server, "PUT", "Practitioner/" + pid,
         {"resourceType": "Practitioner", "id": pid, "name": [{"given": [given], "family": family}]})
    fhir(server, "PUT", "PractitionerRole/role-" + pid,
         {"resourceType": "PractitionerRole", "id": "role-" + pid, "active": active,
          "practitioner": {"reference": "Practitioner/" + pid}, "organization": {"reference": "Organization/" + ORG}})


class FleetKiosk:
    """A data directory, a config with [fleet] on, and `alliance-sync run` on it."""

    def __init__(self, test, server_url, thanks_seconds=3, pinned_version=None):
        self.dir = tempfile.mkdtemp(prefix="alliance-fleet-test-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.data_dir = os.path.join(self.dir, "data")
        os.makedirs(self.data_dir)
        self.config = os.path.join(self.dir, "kiosk.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"""[kiosk]
id = "front-desk-1"
clinic_name = "Riverside Physio"
languages = ["en", "es"]
thanks_seconds = {thanks_seconds}
therapists = [{{ id = "local", name = "Only In The File" }}]

[staff]
pin_hash_file = "{self.data_dir}/staff.pin"

[storage]
dir = "{self.data_dir}"

[sync]
kind = "fhir"
url = "{server_url}"
interval_seconds = 60

[fleet]
enabled = true
questionnaire_url = "{QUESTIONNAIRE_URL}"
organization = "{ORG}"
interval_seconds = 3600
""")
            if pinned_version:
                f.write('questionnaire_version = "%s"\n' % pinned_version)
        self.daemon = None
        self.requests = 0

    def start(self):
        self.daemon = subprocess.Popen([SYNC_BIN, "run", "--config", self.config], stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
        if not wait_until(lambda: self.status() is not None, 20):
            raise AssertionError("no pull at start: %s" % (stop_process(self.daemon),))

    def stop(self):
        if self.daemon is not None:
            return stop_process(self.daemon)
        return None

    def fleet_file(self, name):
        return os.path.join(self.data_dir, "fleet", name)

    def status(self):
        try:
            with open(self.fleet_file("status.json"), encoding="utf-8") as f:
                return json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def pull_now(self):
        """Staff's "Sync now" (sync.request): the daemon pulls at once. Returns the new status."""
        before = self.status()["last_attempt_at"]
        time.sleep(1.1)  # status times have whole seconds
        with open(os.path.join(self.data_dir, "sync.request"), "a", encoding="utf-8") as f:
            f.write("x")
        if not wait_until(lambda: self.status()["last_attempt_at"] != before, 20):
            raise AssertionError("the daemon did not pull after sync.request")
        return self.status()

    def therapists(self):
        with open(self.fleet_file("therapists.json"), encoding="utf-8") as f:
            return {t["id"]: t["name"] for t in json.load(f)["therapists"]}

    def pulled_version(self):
        with open(self.fleet_file("questionnaire.json"), encoding="utf-8") as f:
            return json.load(f)["version"]

    def status_text(self):
        return subprocess.run([SYNC_BIN, "status", "--config", self.config], capture_output=True, text=True).stdout


class Pulls(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.q1 = fhir(self.server, "POST", "Questionnaire", shipped_questionnaire())
        put_therapist(self.server, "alex", "Alex", "Rivera")
        put_therapist(self.server, "maria", "María", "López")
        self.kiosk = FleetKiosk(self, self.server.fhir_url)
        self.kiosk.start()
        self.addCleanup(self.kiosk.stop)

    def requests(self):
        return self.server.census()["stats"]["requests"]

    def test_the_first_pull_writes_the_questionnaire_and_the_active_therapists(self):
        status = self.kiosk.status()
        self.assertEqual(status["problem"], "")
        self.assertEqual(status["questionnaire_version"], "1.1.0")
        self.assertEqual(self.kiosk.pulled_version(), "1.1.0")
        self.assertEqual(self.kiosk.therapists(), {"alex": "Alex Rivera", "maria": "María López"})
        self.assertIn("server content: questionnaire version 1.1.0, 2 therapist(s), checked", self.kiosk.status_text())
        # Uploads name a pulled therapist by the very resource on this server.
        with open(self.kiosk.fleet_file("therapists.json"), encoding="utf-8") as f:
            references = {t["id"]: t.get("reference") for t in json.load(f)["therapists"]}
        self.assertEqual(references, {"alex": "Practitioner/alex", "maria": "Practitioner/maria"})

    def test_an_unchanged_server_costs_one_small_request_per_pull(self):
        before = self.requests()
        self.kiosk.pull_now()
        self.kiosk.pull_now()
        # Each "Sync now" also updates the kiosk's Device: one request for that, one for the pull.
        self.assertEqual(self.requests() - before, 4, "each pull of an unchanged server should be one request")
        self.assertEqual(self.kiosk.status()["problem"], "")

    def test_the_newest_active_version_is_pulled_comparing_version_numbers_as_numbers(self):
        q2 = shipped_questionnaire()
        q2["version"] = "1.10.0"  # 1.10 > 1.9: numbers compared as numbers
        fhir(self.server, "POST", "Questionnaire", q2)
        q3 = shipped_questionnaire()
        q3["version"] = "1.9.0"
        fhir(self.server, "POST", "Questionnaire", q3)
        status = self.kiosk.pull_now()
        self.assertEqual(status["problem"], "")
        self.assertEqual(self.kiosk.pulled_version(), "1.10.0")

    def test_a_pinned_version_is_kept_when_a_newer_one_is_published(self):
        pinned = FleetKiosk(self, self.server.fhir_url, pinned_version="1.1.0")
        q2 = shipped_questionnaire()
        q2["version"] = "1.2.0"
        fhir(self.server, "POST", "Questionnaire", q2)
        pinned.start()
        self.addCleanup(pinned.stop)
        self.assertEqual(pinned.status()["problem"], "")
        self.assertEqual(pinned.pulled_version(), "1.1.0")
        self.kiosk.pull_now()
        self.assertEqual(self.kiosk.pulled_version(), "1.2.0", "the unpinned kiosk takes the newest")

    def test_a_draft_is_taken_only_by_a_kiosk_pinned_to_it(self):
        draft = shipped_questionnaire()
        draft["version"] = "1.5.0"
        draft["status"] = "draft"
        fhir(self.server, "POST", "Questionnaire", draft)
        self.kiosk.pull_now()
        self.assertEqual(self.kiosk.pulled_version(), "1.1.0", "a draft is not the newest active version")
        trial = FleetKiosk(self, self.server.fhir_url, pinned_version="1.5.0")
        trial.start()
        self.addCleanup(trial.stop)
        self.assertEqual(trial.pulled_version(), "1.5.0")

    def test_an_invalid_questionnaire_keeps_the_old_content_and_status_says_why(self):
        bad = shipped_questionnaire()
        bad["version"] = "2.0.0"
        item = first_question(bad)
        item.pop("_text", None)  # no Spanish for the first question
        fhir(self.server, "POST", "Questionnaire", bad)
        status = self.kiosk.pull_now()
        self.assertEqual(self.kiosk.pulled_version(), "1.1.0", "the last good questionnaire must stay")
        self.assertIn("no 'es' translation", status["problem"])
        self.assertIn("version 2.0.0", status["problem"])
        text = self.kiosk.status_text()
        self.assertIn("PROBLEM, kept the last good content (questionnaire version 1.1.0", text)
        self.assertIn("item '%s': text" % item["linkId"], text)

    def test_an_unreachable_server_keeps_the_content_and_status_says_so(self):
        self.server.stop()
        status = self.kiosk.pull_now()
        self.assertIn("server not reachable", status["problem"])
        self.assertEqual(self.kiosk.pulled_version(), "1.1.0")
        self.assertEqual(self.kiosk.therapists(), {"alex": "Alex Rivera", "maria": "María López"})

    def test_a_practitioners_photo_is_kept_in_the_data_directory_and_a_bad_one_skipped_with_a_log_line(self):
        png = os.path.join(self.kiosk.dir, "alex.png")
        write_png(png, 40, 50, lambda x, y: (200, 40, 150))
        with open(png, "rb") as f:
            photo = f.read()
        for pid, data in (("alex", base64.b64encode(photo).decode()), ("maria", base64.b64encode(b"GIF89a..").decode())):
            practitioner = fhir(self.server, "GET", "Practitioner/" + pid)
            practitioner["photo"] = [{"contentType": "image/png", "data": data}]
            fhir(self.server, "PUT", "Practitioner/" + pid, practitioner)
        self.kiosk.pull_now()
        with open(self.kiosk.fleet_file("photos/alex.png"), "rb") as f:
            self.assertEqual(f.read(), photo)
        self.assertFalse(os.path.exists(self.kiosk.fleet_file("photos/maria.png")))
        with open(self.kiosk.fleet_file("therapists.json"), encoding="utf-8") as f:
            listed = {t["id"]: t for t in json.load(f)["therapists"]}
        self.assertIn("photo", listed["alex"], "a new photo must change therapists.json so the kiosk reloads")
        self.assertNotIn("photo", listed["maria"])
        self.assertEqual(self.kiosk.status()["problem"], "", "a bad photo does not stop the therapist list")
        _, _, err = self.kiosk.stop()
        self.assertIn("photo of Practitioner/maria skipped (initials shown): not a PNG or JPEG image", err)

    def test_a_therapist_made_inactive_is_gone_after_the_next_pull_and_a_renamed_one_renamed(self):
        put_therapist(self.server, "maria", "María", "López", active=False)
        self.kiosk.pull_now()
        self.assertEqual(self.kiosk.therapists(), {"alex": "Alex Rivera"})
        fhir(self.server, "PUT", "Practitioner/alex",
             {"resourceType": "Practitioner", "id": "alex", "name": [{"text": "Alexandra Rivera"}]})
        self.kiosk.pull_now()
        self.assertEqual(self.kiosk.therapists(), {"alex": "Alexandra Rivera"})


def devices(server):
    """Every kiosk Device on the server, by kiosk id."""
    bundle = fhir(server, "GET", "Device?identifier=urn:alliance-kiosk:kiosk%7C")
    out = {}
    for entry in bundle.get("entry", []):
        d = entry["resource"]
        out[d["identifier"][0]["value"]] = d
    return out


def properties(device):
    return {p["type"]["text"]: (p["valueQuantity"][0]["value"] if "valueQuantity" in p else p["valueCode"][0]["text"])
            for p in device["property"]}


class Devices(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        fhir(self.server, "POST", "Questionnaire", shipped_questionnaire())
        put_therapist(self.server, "alex", "Alex", "Rivera")
        self.kiosk = FleetKiosk(self, self.server.fhir_url)

    def test_a_kiosks_device_is_kept_up_to_date_with_its_counts_and_status(self):
        # Three responses, the second one invalid: the server takes two and rejects one.
        subprocess.run([SEED_BIN, self.kiosk.data_dir, "3", "--invalid", "1"], check=True, capture_output=True)
        self.kiosk.start()
        self.addCleanup(self.kiosk.stop)
        first = devices(self.server)["front-desk-1"]
        self.assertEqual(first["status"], "unknown", "no kiosk program has run on this data directory")
        self.assertEqual(properties(first)["pending"], 3, "reported before the first upload")
        # The kiosk goes out of service; staff press Sync now.
        with open(os.path.join(self.kiosk.data_dir, "kiosk-health.json"), "w", encoding="utf-8") as f:
            json.dump({"in_service": False, "error_code": "E-STORE-FULL", "content_version": "alliance-check 1.1.0",
                       "since": "2026-11-30T10:00:00Z"}, f)
        wait_until(lambda: "sent:     2" in self.kiosk.status_text(), 30)
        self.kiosk.pull_now()
        device = devices(self.server)["front-desk-1"]
        self.assertEqual(len(devices(self.server)), 1, "a conditional update never makes a second Device")
        p = properties(device)
        self.assertEqual((p["pending"], p["rejected"], p["sent"]), (0, 1, 2))
        self.assertIn("last-upload", p)
        self.assertGreater(p["free-disk-bytes"], 0)
        self.assertEqual(device["status"], "inactive")
        self.assertEqual(device["statusReason"][0]["coding"][0]["code"], "E-STORE-FULL")
        self.assertEqual(device["owner"]["reference"], "Organization/" + ORG)
        self.assertEqual([v["value"] for v in device["version"] if v["type"]["text"] == "content"],
                         ["alliance-check 1.1.0"])

    def test_fleet_flags_a_kiosk_not_heard_from_for_longer_than_the_threshold(self):
        self.kiosk.start()
        self.addCleanup(self.kiosk.stop)
        # Another kiosk of the clinic that stopped reporting two hours ago.
        two_hours_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7200))
        stopped = {"resourceType": "Device", "status": "active", "owner": {"reference": "Organization/" + ORG},
                   "identifier": [{"system": "urn:alliance-kiosk:kiosk", "value": "lobby-2"}],
                   "note": [{"time": two_hours_ago, "text": "health report from alliance-sync"}]}
        fhir(self.server, "PUT", "Device?identifier=urn:alliance-kiosk:kiosk%7Clobby-2", stopped)
        proc = subprocess.run([SYNC_BIN, "fleet", "--config", self.kiosk.config], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 5, proc.stdout + proc.stderr)
        lines = {line.split()[0]: line for line in proc.stdout.splitlines()[1:-1]}
        self.assertIn("SILENT", lines["lobby-2"])
        self.assertIn("2 h 0 min ago", lines["lobby-2"])
        self.assertNotIn("SILENT", lines["front-desk-1"])
        self.assertIn("2 kiosk(s); 2 need attention", proc.stdout)  # front-desk-1: no kiosk program ran
        # With the threshold above two hours, lobby-2 is no longer flagged.
        with open(self.kiosk.config, "a", encoding="utf-8") as f:
            f.write("silent_after_minutes = 180\n")
        proc = subprocess.run([SYNC_BIN, "fleet", "--config", self.kiosk.config], capture_output=True, text=True)
        self.assertNotIn("SILENT", proc.stdout)


@unittest.skipUnless(KIOSK_BIN and shutil.which("Xvfb") and shutil.which("xdotool"), "needs the kiosk, Xvfb, xdotool")
class OnScreen(ServerCase):
    def test_a_new_version_on_the_server_shows_for_the_next_patient_not_the_one_in_progress(self):
        server = FhirServer()
        self.addCleanup(server.stop)
        q = shipped_questionnaire()
        fhir(server, "POST", "Questionnaire", q)
        put_therapist(server, "alex", "Alex", "Rivera")
        put_therapist(server, "maria", "María", "López")
        kiosk = FleetKiosk(self, server.fhir_url)
        kiosk.start()
        self.addCleanup(kiosk.stop)
        x = Xvfb(1280, 800)
        self.addCleanup(x.close)
        ui = UiKiosk(KIOSK_BIN, x.display, kiosk.dir, config=kiosk.config)
        self.addCleanup(ui.close)
        # The first patient starts with what was pulled at start.
        ui.wait_for(lambda t: t["screen"] == "welcome", what="welcome")
        t = ui.tap("start")
        self.assertIn("therapist:maria", ui.ids(t))
        self.assertNotIn("therapist:local", ui.ids(t), "the pulled list replaces [kiosk] therapists")
        t = ui.tap("therapist:maria")
        old_wording = t["heading"]
        self.assertEqual(old_wording, first_question(q)["text"])
        # Meanwhile IT publishes a new version and makes María inactive.
        q2 = shipped_questionnaire()
        q2["version"] = "1.2.0"
        first_question(q2)["text"] = "NEW: what do you most want from your visits here?"
        fhir(server, "POST", "Questionnaire", q2)
        put_therapist(server, "maria", "María", "López", active=False)
        self.assertEqual(kiosk.pull_now()["questionnaire_version"], "1.2.0")
        # The patient in progress sees none of it.
        t = ui.tree()
        self.assertEqual(t["heading"], old_wording)
        given = answer_questions(ui, t, "ok")
        self.assertTrue(given)
        # The next patient does.
        ui.wait_for(lambda t: t["screen"] == "welcome", timeout=15, what="welcome after thanks")
        t = ui.tap("start")
        self.assertNotIn("therapist:maria", ui.ids(t), "an inactive therapist must be gone")
        t = ui.tap("therapist:alex")
        self.assertEqual(t["heading"], "NEW: what do you most want from your visits here?")
        with ui.db() as db:
            versions = [r[0] for r in db.execute("SELECT questionnaire_version FROM sessions ORDER BY started_at_ms")]
        self.assertEqual(versions, ["1.1.0", "1.2.0"])


if __name__ == "__main__":
    unittest.main()

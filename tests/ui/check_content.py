"""alliance-kiosk --check-content [DIR]: the content loaded as the kiosk loads it, every problem
printed with its file, field and what is expected; exit 0 when fine, 3 when not; no window (run
here without any X display, where opening one would fail), nothing written to the data directory.
Usage: check_content.py <alliance-kiosk> <output dir>"""
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import write_config  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KIOSK, OUTPUT = sys.argv[1], sys.argv[2]


def run(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([KIOSK, *args], capture_output=True, text=True, timeout=60, env=env)


class CheckContent(unittest.TestCase):
    def setUp(self):
        self.work = os.path.join(OUTPUT, "check-content", self.id().split(".")[-1])
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.data = os.path.join(self.work, "data")
        self.config = os.path.join(self.work, "kiosk.toml")

    def content_copy(self):
        content = os.path.join(self.work, "content")
        shutil.copytree(os.path.join(SOURCE, "content"), content)
        return content

    def test_the_shipped_content_checks_clean_with_exit_0_and_no_window(self):
        write_config(self.config, self.data, content_dir=os.path.join(SOURCE, "content"))
        r = run("--config", self.config, "--check-content")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(os.path.join(SOURCE, "content") + ": ok, the kiosk can show this content (0 warning(s))", r.stdout)
        self.assertNotIn("problem:", r.stdout)
        self.assertFalse(os.path.exists(self.data), "the check must not create the store")

    def test_every_problem_is_printed_with_its_file_and_field_and_the_exit_is_3(self):
        content = self.content_copy()
        q = os.path.join(content, "questionnaires", "alliance-check.json")
        with open(q, encoding="utf-8") as f:
            doc = json.load(f)
        doc["item"][0]["type"] = "decimal"
        with open(q, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        os.remove(os.path.join(content, "strings", "es.json"))
        with open(os.path.join(content, "theme.toml"), encoding="utf-8") as f:
            theme = f.read()
        with open(os.path.join(content, "theme.toml"), "w", encoding="utf-8") as f:
            f.write(theme.replace("min_target_mm = 9.0", 'min_target_mm = "nine"', 1))
        os.makedirs(os.path.join(content, "photos"))
        with open(os.path.join(content, "photos", "alex.png"), "wb") as f:
            f.write(b"not an image at all")
        # The DIR argument wins over the configured content.
        write_config(self.config, self.data, content_dir=os.path.join(SOURCE, "content"))
        r = run("--config", self.config, "--check-content", content)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        problems = [l for l in r.stdout.splitlines() if l.startswith("problem: ")]
        self.assertEqual(len(problems), 4, r.stdout)
        text = "\n".join(problems)
        self.assertIn(f"problem: {q}: item 'main-goal': type: item type 'decimal' is not supported", text)
        self.assertIn('[kiosk] languages: expected languages that have UI strings (en), got "es" (no strings/es.json)', text)
        self.assertIn(os.path.join(content, "theme.toml"), text)
        self.assertIn("min_target_mm", text)
        self.assertIn(f"problem: {os.path.join(content, 'photos', 'alex.png')}: not a PNG or JPEG image (therapist 'alex'", text)
        self.assertIn(f"{content}: 4 problem(s); fix them before deploying", r.stdout)

    def test_an_authoring_tool_export_checks_clean_with_its_warnings(self):
        content = self.content_copy()
        shutil.copy(os.path.join(SOURCE, "tests", "fixtures", "questionnaires", "authoring", "lhc-forms-phq9.json"),
                    os.path.join(content, "questionnaires", "phq9.json"))
        write_config(self.config, self.data, content_dir=content, questionnaire="phq9")
        r = run("--config", self.config, "--check-content")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        warnings = [l for l in r.stdout.splitlines() if l.startswith("warning: ")]
        self.assertEqual(len([w for w in warnings if "extension(s) the kiosk does not use" in w]), 1, r.stdout)
        self.assertTrue(any("item '/44261-6': left out: computed by the form" in w for w in warnings), r.stdout)
        # English only in this export: the configured Spanish falls back, which IT is told.
        self.assertTrue(any("without a 'es' translation" in w for w in warnings), r.stdout)

    def test_a_missing_content_directory_names_every_place_tried(self):
        write_config(self.config, self.data)
        r = run("--config", self.config, "--check-content", os.path.join(self.work, "nowhere"))
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("problem: ", r.stdout)
        self.assertIn(os.path.join(self.work, "nowhere"), r.stdout)

    def test_a_bad_config_is_exit_2_as_for_the_kiosk(self):
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("[kiosk]\nidle_secconds = 5\n")
        r = run("--config", self.config, "--check-content")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("idle_secconds", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])

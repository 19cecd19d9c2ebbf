"""alliance-sync report against the real FHIR test server: responses with known answers for three
therapists over five weeks are pushed by alliance-sync, the report is read back from the server
(through Bundle.link next) and its figures equal an independent computation from the answers
(report_data.py); the same data exported as FHIR NDJSON gives the identical report."""
import csv
import io
import os
import re
import types
import unittest

from harness import FhirServer, Kiosk, ServerCase, SEED_BIN
import report_data as data



def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def without_generated_line(html):
    """The line naming the date and the source (server URL or files) is the only one that may differ."""
    return re.sub(r'<p class="muted">.*?</p>', "", html, count=1)


class ReportFromServer(ServerCase):
    @classmethod
    def setUpClass(cls):
        cls.server = FhirServer()
        cls.addClassCleanup(cls.server.stop)
        cls.kiosk = Kiosk(types.SimpleNamespace(addCleanup=cls.addClassCleanup), cls.server.fhir_url, batch_size=1)
        with open(cls.kiosk.config, "a") as f:
            f.write(data.therapists_toml())
        cls.responses = data.make_responses()
        data.seed(cls.kiosk, cls.responses, SEED_BIN)
        code, _, err = cls.kiosk.sync("push", timeout=600)
        if code != 0:
            raise RuntimeError("push failed: " + err)
        cls.out = os.path.join(cls.kiosk.dir, "report.html")
        cls.csv = os.path.join(cls.kiosk.dir, "report.csv")
        code, _, err = cls.kiosk.sync("report", "--out", cls.out, "--csv", cls.csv, "--from", data.FROM, "--to",
                                      data.TO, "--page-size", "7")
        if code != 0:
            raise RuntimeError("report failed: " + err)
        cls.report_err = err

    def rows(self):
        return list(csv.DictReader(io.StringIO(read(self.csv))))

    def test_every_therapist_week_and_clinic_week_has_the_independently_computed_figures(self):
        expected = data.expected_cells(self.responses)
        rows = self.rows()
        seen = set()
        for row in rows:
            owner = "clinic" if row["scope"] == "clinic" else row["therapist_key"]
            cell = (owner, row["week_start"])
            seen.add(cell)
            want = expected[cell]
            with self.subTest(cell=cell):
                if want["suppressed"]:
                    self.assertEqual(row["suppressed"], "fewer than 5")
                    self.assertEqual(row["completed"], "")
                    self.assertEqual(row["mean_total"], "")
                    continue
                self.assertEqual(row["suppressed"], "")
                self.assertEqual(int(row["completed"]), want["completed"])
                self.assertEqual(int(row["stopped"]), want["stopped"])
                for key in ("mean_goal", "mean_task", "mean_bond", "mean_total", "mean_rating", "share_flagged"):
                    self.assertAlmostEqual(float(row[key]), want[key], places=3, msg=key)
                self.assertEqual(int(row["goal_discussed_answered"]), want["goal_discussed_answered"])
                if want["share_goal_not_discussed"] is not None:
                    self.assertAlmostEqual(float(row["share_goal_not_discussed"]), want["share_goal_not_discussed"],
                                           places=3)
        # Every therapist (and "not said") has all five weeks, and the clinic too.
        self.assertEqual(seen, {cell for cell in expected if cell[0] != "" or any(
            r["therapistId"] == "" for r in self.responses)})
        self.assertEqual(len(rows), 5 * 5)

    def test_the_data_has_both_shown_and_suppressed_cells_so_the_comparison_means_something(self):
        expected = data.expected_cells(self.responses)
        self.assertGreater(sum(1 for f in expected.values() if f["suppressed"]), 3)
        self.assertGreater(sum(1 for f in expected.values() if not f["suppressed"]), 8)
        self.assertGreater(sum(f["flagged_count"] for f in expected.values() if not f["suppressed"]), 5)

    def test_the_html_lists_every_flagged_response_with_its_low_parts(self):
        html = read(self.out)
        flagged = [r for r in self.responses if r["status"] == "completed" and data.FROM <= r["authoredAt"][:10] <= data.TO
                   and data.flag_parts(data.answers_of(r))]
        listed = re.findall(r'<tr><td class="l">(\d{4}-\d\d-\d\d)</td><td class="l">([^<]*)</td><td class="l low">([^<]*)</td>',
                            html)
        self.assertEqual(len(listed), len(flagged))
        names = {t: n for t, n, _, _ in data.THERAPISTS}
        names[""] = "Therapist not said"
        part_names = {"goal": "Goal", "task": "Task", "bond": "Bond", "total": "Total"}
        self.assertEqual(sorted(listed), sorted(
            (r["authoredAt"][:10], names[r["therapistId"]],
             ", ".join(part_names[p] for p in data.flag_parts(data.answers_of(r)))) for r in flagged))
        self.assertIn("fewer than 5", html)
        self.assertIn("A response is flagged when the alliance total is below 90% of its maximum or an alliance "
                      "answer is at or below the middle of its scale", html)

    def test_comments_appear_only_with_the_comments_option(self):
        self.assertNotIn("Comment ", read(self.out))
        out = os.path.join(self.kiosk.dir, "with-comments.html")
        code, _, err = self.kiosk.sync("report", "--out", out, "--from", data.FROM, "--to", data.TO, "--comments",
                                       "--input", self.export_ndjson())
        self.assertEqual(code, 0, err)
        html = read(out)
        self.assertIn("Comment ", html)
        self.assertIn("&lt;ok&gt; &amp; fine", html)  # escaped, never markup

    def export_ndjson(self):
        path = os.path.join(self.kiosk.dir, "export.ndjson")
        if not os.path.exists(path):
            code, _, err = self.kiosk.sync("export", "--format", "fhir-ndjson", "--output", path)
            self.assertEqual(code, 0, err)
        return path

    def test_the_same_data_as_fhir_ndjson_gives_the_identical_report(self):
        out = os.path.join(self.kiosk.dir, "from-ndjson.html")
        out_csv = os.path.join(self.kiosk.dir, "from-ndjson.csv")
        code, _, err = self.kiosk.sync("report", "--out", out, "--csv", out_csv, "--from", data.FROM, "--to", data.TO,
                                       "--input", self.export_ndjson())
        self.assertEqual(code, 0, err)
        self.assertEqual(read(out_csv), read(self.csv))
        self.assertEqual(without_generated_line(read(out)), without_generated_line(read(self.html_path())))

    def html_path(self):
        return self.out

    def test_the_report_follows_the_servers_next_links_across_pages(self):
        in_period = sum(1 for r in self.responses if data.FROM <= r["authoredAt"][:10] <= data.TO)
        # --page-size 7: many pages; every response of the period was read, none twice.
        self.assertIn("report: %d responses read" % in_period, self.report_err)

    def test_the_spanish_report_uses_the_spanish_strings(self):
        out = os.path.join(self.kiosk.dir, "es.html")
        code, _, err = self.kiosk.sync("report", "--out", out, "--from", data.FROM, "--to", data.TO, "--language", "es",
                                       "--input", self.export_ndjson())
        self.assertEqual(code, 0, err)
        html = read(out)
        self.assertIn('<html lang="es">', html)
        self.assertIn("menos de 5", html)
        self.assertIn("Respuestas marcadas para hacer seguimiento", html)

    def test_a_bad_date_is_refused_naming_the_option(self):
        code, _, err = self.kiosk.sync("report", "--out", os.path.join(self.kiosk.dir, "x.html"), "--from", "2026-13-01",
                                       "--input", self.export_ndjson())
        self.assertNotEqual(code, 0)
        self.assertIn("--from", err)
        self.assertFalse(os.path.exists(os.path.join(self.kiosk.dir, "x.html")))


class ReportSettings(unittest.TestCase):
    """[report] keys and the weekly timer's way of running, on NDJSON (no server needed)."""

    def setUp(self):
        self.kiosk = Kiosk(self, kind="off")
        with open(self.kiosk.config, "a") as f:
            f.write(data.therapists_toml())
        self.responses = data.make_responses()
        data.seed(self.kiosk, self.responses, SEED_BIN)
        self.fhir = os.path.join(self.kiosk.dir, "fhir.ndjson")
        code, _, err = self.kiosk.sync("export", "--format", "fhir-ndjson", "--output", self.fhir)
        self.assertEqual(code, 0, err)

    def configure(self, report_toml):
        with open(self.kiosk.config, "a") as f:
            f.write("\n[report]\n" + report_toml)

    def test_without_out_the_report_goes_to_the_output_folder_named_by_its_last_day(self):
        folder = os.path.join(self.kiosk.dir, "reports")
        os.mkdir(folder)
        self.configure('output_dir = "%s"\n' % folder)
        code, _, err = self.kiosk.sync("report", "--from", data.FROM, "--to", data.TO, "--input", self.fhir)
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(folder)), ["alliance-report-%s.csv" % data.TO, "alliance-report-%s.html" % data.TO])
        self.assertEqual(os.stat(os.path.join(folder, "alliance-report-%s.html" % data.TO)).st_mode & 0o777, 0o640)

    def test_without_out_or_output_folder_the_report_is_refused_naming_the_key(self):
        self.configure("")
        code, _, err = self.kiosk.sync("report", "--input", self.fhir)
        self.assertEqual(code, 3)
        self.assertIn("[report] output_dir", err)

    def test_the_export_csv_has_a_column_per_item_and_score_and_the_low_parts(self):
        out = os.path.join(self.kiosk.dir, "export.csv")
        code, _, err = self.kiosk.sync("export", "--output", out)
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(read(out))))
        completed = [r for r in self.responses if r["status"] == "completed"]
        by_time = {r["authoredAt"]: r for r in completed}
        checked = 0
        for row in rows:
            r = by_time.get(row["authored_at"])
            if r is None or row["status"] != "completed":
                continue
            a = data.answers_of(r)
            self.assertEqual(row["answer_goal-known"], a["goal-known"]["coding"]["code"])
            self.assertEqual(row["answer_overall"], str(a["overall"]["integer"]))
            self.assertAlmostEqual(float(row["score_total"]),
                                   sum(int(a[i]["coding"]["code"]) for i in data.ITEMS) / 6, places=9)
            self.assertEqual(row["low_alliance"], ";".join(data.flag_parts(a)) or "no")
            checked += 1
        self.assertGreater(checked, 50)

    def test_min_responses_decides_which_cells_show_figures(self):
        self.configure("min_responses = 8\n")
        out_csv = os.path.join(self.kiosk.dir, "r.csv")
        code, _, err = self.kiosk.sync("report", "--out", os.path.join(self.kiosk.dir, "r.html"), "--csv", out_csv,
                                       "--from", data.FROM, "--to", data.TO, "--input", self.fhir)
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(read(out_csv))))
        expected = data.expected_cells(self.responses)
        for row in rows:
            owner = "clinic" if row["scope"] == "clinic" else row["therapist_key"]
            completed = expected[(owner, row["week_start"])]["completed"]
            with self.subTest(owner=owner, week=row["week_start"]):
                self.assertEqual(row["suppressed"], "" if completed >= 8 else "fewer than 8")
        self.assertTrue(any(r["suppressed"] == "fewer than 8" and r["therapist_key"] == data.THERAPISTS[0][3]
                            for r in rows), "alex has weeks of 5-7 responses: shown at 5, hidden at 8")


if __name__ == "__main__":
    unittest.main()

"""The report's HTML in a real browser (Debian's chromium, headless): no console message, no
network request (every request would go through a recording proxy), printed to PDF on A4 and
Letter, screenshots in English and Spanish. The checks are shown to catch a page that does log or
fetch something. Screenshots go to $ALLIANCE_REPORT_SHOTS when set (to look at them)."""
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest

from harness import Kiosk, SEED_BIN
import report_data as data

CHROMIUM = shutil.which("chromium")
# Chromium's own services (component updates, sign-in, time), which it calls even with
# --disable-background-networking; anything else through the proxy was asked for by the page.
CHROMIUM_OWN = re.compile(r"(^|\.)(googleapis\.com|gvt1\.com|google\.com|gstatic\.com)(:\d+)?$")


class RecordingProxy:
    """An HTTP proxy that answers 502 to everything and remembers what was asked."""

    def __init__(self):
        self.requests = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                owner.requests.append((self.command, self.path))
                self.send_response(502)
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_CONNECT = do_PUT = answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page_requests(self):
        hosts = []
        for method, path in self.requests:
            host = path.split("/")[2] if "://" in path else path
            if not CHROMIUM_OWN.search(host.split(":")[0]):
                hosts.append((method, path))
        return hosts

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def chromium(url, proxy, *args):
    """Runs headless chromium on `url`; returns the console lines of its log."""
    profile = tempfile.mkdtemp(prefix="alliance-chromium-")
    try:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             "--user-data-dir=" + profile, "--proxy-server=http://127.0.0.1:%d" % proxy.server.server_port,
             "--proxy-bypass-list=<-loopback>", "--enable-logging=stderr", "--log-level=0", *args, url],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, True)
    return [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


def pdf_pages(path):
    with open(path, "rb") as f:
        pdf = f.read()
    assert pdf.startswith(b"%PDF"), path
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@unittest.skipIf(CHROMIUM is None, "chromium is not installed (packaging/debian-packages.txt lists it)")
class ReportInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kiosk = Kiosk(_ClassCleanups(cls), kind="off")
        with open(cls.kiosk.config, "a") as f:
            f.write(data.therapists_toml())
        data.seed(cls.kiosk, data.make_responses(), SEED_BIN)
        fhir = os.path.join(cls.kiosk.dir, "fhir.ndjson")
        code, _, err = cls.kiosk.sync("export", "--format", "fhir-ndjson", "--output", fhir)
        assert code == 0, err
        cls.html = {}
        for language in ("en", "es"):
            out = os.path.join(cls.kiosk.dir, "report-%s.html" % language)
            code, _, err = cls.kiosk.sync("report", "--out", out, "--from", data.FROM, "--to", data.TO, "--language",
                                          language, "--comments", "--input", fhir)
            assert code == 0, err
            cls.html[language] = out
        cls.shots = os.environ.get("ALLIANCE_REPORT_SHOTS") or cls.kiosk.dir
        os.makedirs(cls.shots, exist_ok=True)
        cls.proxy = RecordingProxy()
        cls.addClassCleanup(cls.proxy.stop)

    def test_the_checks_catch_a_page_that_logs_to_the_console_and_fetches_something(self):
        bad = os.path.join(self.kiosk.dir, "bad.html")
        with open(bad, "w") as f:
            f.write('<html><body><img src="http://report-test.invalid/x.png"><script>console.error("boom")</script>'
                    "</body></html>")
        self.proxy.requests.clear()
        console = chromium("file://" + bad, self.proxy, "--screenshot=" + os.path.join(self.kiosk.dir, "bad.png"))
        self.assertTrue(any("boom" in line for line in console), console)
        self.assertIn(("GET", "http://report-test.invalid/x.png"), self.proxy.page_requests())

    def test_the_report_loads_with_no_console_message_and_no_network_request_in_either_language(self):
        for language, path in self.html.items():
            with self.subTest(language=language):
                self.proxy.requests.clear()
                shot = os.path.join(self.shots, "report-%s.png" % language)
                console = chromium("file://" + path, self.proxy, "--screenshot=" + shot, "--window-size=1280,2600",
                                   "--hide-scrollbars")
                self.assertEqual(console, [])
                self.assertEqual(self.proxy.page_requests(), [])
                self.assertGreater(os.path.getsize(shot), 50_000)  # a page with tables and charts, not a blank

    def test_the_report_prints_on_a4_and_letter(self):
        with open(self.html["en"], encoding="utf-8") as f:
            html = f.read()
        for paper, size in (("A4", (595, 842)), ("letter", (612, 792))):
            with self.subTest(paper=paper):
                # The printer's paper, as a print dialog would choose it (the report says size:auto).
                path = os.path.join(self.kiosk.dir, "print-%s.html" % paper)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(html.replace("</style>", "@page{size:%s}</style>" % paper, 1))
                pdf = os.path.join(self.shots, "report-%s.pdf" % paper)
                self.proxy.requests.clear()
                console = chromium("file://" + path, self.proxy, "--print-to-pdf=" + pdf, "--no-pdf-header-footer")
                self.assertEqual(console, [])
                self.assertEqual(self.proxy.page_requests(), [])
                pages = pdf_pages(pdf)
                self.assertGreaterEqual(len(pages), 2)
                self.assertLessEqual(len(pages), 12)
                self.assertEqual(set(pages), {size})


class _ClassCleanups:
    """Lets Kiosk register its cleanup on the class rather than on one test."""

    def __init__(self, cls):
        self.addCleanup = cls.addClassCleanup


if __name__ == "__main__":
    unittest.main()

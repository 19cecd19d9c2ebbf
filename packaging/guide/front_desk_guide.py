"""Makes the one-page front-desk guide, in English and Spanish, from the kiosk's real screens
(packaging/README.md, "The front-desk guide"):
  front_desk_guide.py ALLIANCE_KIOSK SOURCE_DIR OUT_DIR [VERSION]
runs the kiosk under a private Xvfb (1280x800, the designed size) once per language with the staff
menu in that language, holds the staff corner, types a PIN set with --set-pin, and takes
screenshots (ImageMagick's import) of: the corner's progress, the PIN pad, the staff menu, the status
screen, and the out-of-service screen with its code. Then writes OUT_DIR/front-desk-guide-<lang>.html
(texts.py; button names from content/strings, codes from kiosk/core/base/error_codes.cpp) and prints
each to OUT_DIR/front-desk-guide-<lang>.pdf with headless chromium. Needs xvfb, xdotool,
imagemagick and chromium (packaging/debian-packages.txt)."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from texts import TEXT  # noqa: E402

LANGUAGES = ("en", "es")
PIN = "2468"
SIZE = (1280, 800)


def error_codes(source_dir):
    """Every code of kiosk/core/base/error_codes.cpp, in its order."""
    with open(os.path.join(source_dir, "kiosk", "core", "base", "error_codes.cpp"), encoding="utf-8") as f:
        return re.findall(r'\{"(E-[A-Z-]+)"', f.read())


def ui_strings(source_dir, language):
    with open(os.path.join(source_dir, "content", "strings", language + ".json"), encoding="utf-8") as f:
        return json.load(f)


def write_config(path, data_dir, language, questionnaire="alliance-check"):
    """The tests' kiosk config (Riverside Physio, two therapists, sync off) in `language`."""
    sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "ui"))
    import kiosk_driver  # the tests' driver: one way to configure and drive the kiosk
    kiosk_driver.write_config(path, data_dir, questionnaire=questionnaire, default_language=language,
                              override_dir="")


class Screen:
    """The kiosk on its own Xvfb; screenshots of the whole display."""

    def __init__(self, binary, workdir, config):
        sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "ui"))
        from kiosk_driver import Kiosk, Xvfb  # the tests' driver: one way to drive the kiosk
        self.x = Xvfb(*SIZE)
        self.kiosk = Kiosk(binary, self.x.display, workdir, size="%dx%d" % SIZE, config=config)

    def shot(self, path, crop=None):
        """The whole screen, or `crop` ("WxH+X+Y") of it: a detail a front-desk worker must see."""
        # The tree is written after the frame is shown; give the X server a moment to have it.
        time.sleep(0.4)
        subprocess.run(["import", "-display", self.x.display, "-window", "root", path], check=True)
        if crop:
            subprocess.run(["convert", path, "-crop", crop, "+repage", path], check=True)

    def close(self):
        self.kiosk.close()
        self.x.close()


def take_screenshots(binary, out, language):
    shots = {}
    work = os.path.join(out, "work-" + language)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "data"))
    config = os.path.join(work, "kiosk.toml")
    write_config(config, os.path.join(work, "data"), language)
    run = subprocess.run([binary, "--set-pin", "--config", config], input=f"{PIN}\n{PIN}\n",
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise SystemExit(f"--set-pin failed ({run.returncode}): {run.stderr}")
    name = lambda what: os.path.join(out, f"{language}-{what}.png")  # noqa: E731
    screen = Screen(binary, work, config)
    try:
        k = screen.kiosk
        k.wait_for(lambda t: t["screen"] == "welcome", what="welcome")
        corner = k.widget("staff")
        x, y = corner["x"] + corner["w"] // 2, corner["y"] + corner["h"] // 2
        k.xdotool("mousemove", "--window", k.window, str(x), str(y), "mousedown", "1")
        k.wait_for(lambda t: k.widget("staff", t)["selected"], timeout=5, what="the corner's progress")
        screen.shot(shots.setdefault("hold", name("hold")), crop="640x400+640+0")  # the corner's box
        k.wait_for(lambda t: t["screen"] == "staff-pin", timeout=6, what="the PIN pad")
        k.xdotool("mouseup", "1")
        # The typed digits show as dots, which the tree leaves out: tap, then give X a moment.
        for digit in PIN[:2]:
            k.tap("key:" + digit, wait_change=False)
            time.sleep(0.1)
        screen.shot(shots.setdefault("pin", name("pin")))
        for digit in PIN[2:]:
            k.tap("key:" + digit, wait_change=False)
            time.sleep(0.1)
        k.wait_for(lambda t: k.widget("key:ok", t)["enabled"], what="Enter to be enabled")
        k.tap("key:ok", wait_change=False)
        k.wait_for(lambda t: t["screen"] == "staff-menu", what="the staff menu")
        screen.shot(shots.setdefault("menu", name("menu")))
        k.tap("staff:status")
        screen.shot(shots.setdefault("status", name("status")), crop="640x400+0+0")  # its first lines
    finally:
        screen.close()
    # Out of service: a questionnaire that is not there stops the kiosk with E-CONTENT.
    write_config(config, os.path.join(work, "data"), language, questionnaire="no-such-questionnaire")
    screen = Screen(binary, work, config)
    try:
        screen.kiosk.wait_for(lambda t: t["screen"] == "out-of-service", what="out of service")
        screen.shot(shots.setdefault("error", name("error")), crop="1280x400+0+200")  # the message and code
    finally:
        screen.close()
    shutil.rmtree(work, ignore_errors=True)
    return shots


STYLE = """
@page { size: Letter; margin: 0.4in; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8.2pt; line-height: 1.25; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 10pt; margin: 5pt 0 2pt; border-bottom: 1.2pt solid #2a5d8f; color: #1d4469; }
p, ol, ul { margin: 2pt 0; }
ol, ul { padding-left: 15pt; }
.row { display: flex; gap: 10pt; align-items: flex-start; }
.row > .text { flex: 1; }
figure { margin: 0; text-align: center; font-size: 7.2pt; color: #444; }
figure img { width: 2.05in; border: 0.8pt solid #888; display: block; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 0.5pt solid #bbb; padding: 1.2pt 3pt; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
td.name { font-weight: bold; white-space: nowrap; }
td.code { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
.footer { margin-top: 6pt; font-size: 7pt; color: #555; }
"""


def figure(path, caption):
    return (f'<figure><img src="{html.escape(os.path.basename(path))}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def make_html(language, shots, strings, codes, version):
    t = TEXT[language]
    words = {
        "enter": strings["staff.pin.enter"],
        "out_of_service": strings["out_of_service.title"],
        "all_good": strings["staff.status.all_good"],
        "status": strings["staff.menu.status"],
        "tell_it": strings["staff.status.tell_it"].split(":")[0],
        "exit": strings["staff.menu.exit"],
        "keep_holding": strings["staff.hold.progress"].split(":")[0],
    }
    w = lambda text: text.format(**words)  # noqa: E731
    missing = [c for c in codes if c not in t["codes"]]
    if missing:
        raise SystemExit(f"texts.py: {language}: no meaning for the error code(s) {', '.join(missing)}")
    items = lambda lines, tag: f"<{tag}>" + "".join(f"<li>{w(x)}</li>" for x in lines) + f"</{tag}>"  # noqa: E731
    buttons = "".join(f'<tr><td class="name">{html.escape(strings[key])}</td><td>{w(what)}</td></tr>'
                      for key, what in t["buttons"])
    code_rows = "".join(f'<tr><td class="code">{c}</td><td>{html.escape(t["codes"][c])}</td></tr>' for c in codes)
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(t["title"])}</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(t["title"])}</h1>
<p>{w(t["intro"])}</p>
<h2>{t["open_title"]}</h2>
<div class="row"><div class="text">{items(t["open_steps"], "ol")}</div>
{figure(shots["hold"], t["shot_hold"])}{figure(shots["pin"], t["shot_pin"])}</div>
<h2>{t["menu_title"]}</h2>
<div class="row"><div class="text"><table>{buttons}</table></div>{figure(shots["menu"], t["shot_menu"])}</div>
<h2>{t["status_title"]}</h2>
<div class="row"><div class="text"><p>{w(t["status_text"])}</p>
<h2>{t["call_title"]}</h2>{items(t["call"], "ul")}</div>{figure(shots["status"], t["shot_status"])}</div>
<h2>{t["codes_title"]}</h2>
<div class="row"><div class="text"><p>{w(t["codes_text"])}</p>
<table><tr><th>{t["code"]}</th><th>{t["meaning"]}</th></tr>{code_rows}</table></div>
{figure(shots["error"], t["shot_error"])}</div>
<p class="footer">{html.escape(t["footer"].format(version=version))}</p>
</body></html>
"""


def print_pdf(html_file, pdf_file):
    if os.path.exists(pdf_file):
        os.remove(pdf_file)
    run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                          "--print-to-pdf-no-header", "--print-to-pdf=" + pdf_file, "file://" + html_file],
                         capture_output=True, text=True, timeout=120)
    if not os.path.exists(pdf_file):
        raise SystemExit(f"chromium printed no {pdf_file} ({run.returncode}): {run.stderr[-2000:]}")


def main():
    global SOURCE_DIR
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    binary, SOURCE_DIR, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    version = sys.argv[4] if len(sys.argv) > 4 else ""
    os.makedirs(out, exist_ok=True)
    codes = error_codes(SOURCE_DIR)
    for language in LANGUAGES:
        shots = take_screenshots(binary, out, language)
        page = os.path.join(out, f"front-desk-guide-{language}.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(make_html(language, shots, ui_strings(SOURCE_DIR, language), codes, version))
        print_pdf(page, os.path.join(out, f"front-desk-guide-{language}.pdf"))
        print(f"front-desk guide ({language}): {page} and its PDF")


SOURCE_DIR = ""
if __name__ == "__main__":
    main()

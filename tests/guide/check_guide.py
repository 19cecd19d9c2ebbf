"""Makes the front-desk guide with the project's own script and checks the PDFs as a reader gets
them: one Letter page per language; the text has the title, how to open staff mode, every staff
menu button by the kiosk's own name, the status screen's first-line words, and every error code of
kiosk/core/base/error_codes.cpp; the page holds the five screenshots. Page images are left beside
the PDFs (page-<lang>-1.png) for a person to look at.
Usage: check_guide.py ALLIANCE_KIOSK SOURCE_DIR OUT_DIR VERSION"""
import json
import os
import re
import subprocess
import sys

binary, source, out, version = sys.argv[1:5]
script = os.path.join(source, "packaging", "guide", "front_desk_guide.py")
subprocess.run([sys.executable, script, binary, source, out, version], check=True, timeout=240)

with open(os.path.join(source, "kiosk", "core", "base", "error_codes.cpp"), encoding="utf-8") as f:
    codes = re.findall(r'\{"(E-[A-Z-]+)"', f.read())
assert len(codes) >= 10, f"read only {codes} from error_codes.cpp"

failures = []
for language, title in (("en", "front desk guide"), ("es", "guía para recepción")):
    pdf = os.path.join(out, f"front-desk-guide-{language}.pdf")
    if not os.path.isfile(pdf):
        failures.append(f"{pdf}: missing")
        continue
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    if not pages or pages.group(1) != "1":
        failures.append(f"{pdf}: expected 1 page, pdfinfo says {pages.group(1) if pages else '?'}")
    if not re.search(r"^Page size:\s+612 x 792 pts", info, re.M):
        failures.append(f"{pdf}: expected a US Letter page: {info}")
    text = " ".join(subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    with open(os.path.join(source, "content", "strings", language + ".json"), encoding="utf-8") as f:
        strings = json.load(f)
    wanted = [title, strings["staff.pin.enter"], strings["staff.status.all_good"],
              strings["staff.hold.progress"].split(":")[0], strings["out_of_service.title"]]
    wanted += [strings[k] for k in ("staff.menu.reset_session", "staff.menu.status", "staff.menu.sync_now",
                                    "staff.menu.therapists", "staff.menu.default_language", "staff.menu.exit",
                                    "staff.menu.close")]
    wanted += codes
    for phrase in wanted:
        if phrase not in text:
            failures.append(f"{pdf}: the text lacks {phrase!r}")
    images = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    count = len([line for line in images.splitlines()[2:] if line.strip()])
    if count < 5:
        failures.append(f"{pdf}: expected the 5 screenshots in the page, found {count} image(s)")
    subprocess.run(["pdftoppm", "-r", "100", "-png", pdf, os.path.join(out, f"page-{language}")], check=True)
    print(f"{pdf}: {pages.group(1) if pages else '?'} page, {count} images, {len(wanted)} phrases checked")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("ok: both guides are one page with every button and error code; page images in", out)

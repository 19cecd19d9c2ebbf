"""Stores responses the way a clinic's kiosk does: the INSTALLED alliance-kiosk, as the kiosk user,
with the installed config, under a private Xvfb, driven by real clicks (tests/ui/kiosk_driver.py).
Completes N questionnaires (sync is off in the shipped config, so they stay pending).
Usage: seed_responses.py N"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ui"))
from kiosk_driver import answer_questionnaire, kiosk_on_xvfb  # noqa: E402

USER = "alliance-kiosk"
CONFIG = "/etc/alliance-kiosk/kiosk.toml"


def main():
    count = int(sys.argv[1])
    # The kiosk user writes its UI tree here: not under the build tree, which a checkout in /root
    # (0700, as on a fresh machine) keeps from that user.
    work = tempfile.mkdtemp(prefix="alliance-seed-")
    subprocess.run(["chown", f"{USER}:", work], check=True)
    # setpriv execs the program itself, so the driver's SIGTERM reaches the kiosk.
    wrapper = os.path.join(work, "kiosk-as-user")
    with open(wrapper, "w", encoding="utf-8") as f:
        f.write(f'#!/bin/sh\nexec setpriv --reuid={USER} --regid={USER} --init-groups -- /usr/bin/alliance-kiosk "$@"\n')
    os.chmod(wrapper, 0o755)
    try:
        with kiosk_on_xvfb(wrapper, work, config=CONFIG) as kiosk:
            for _ in range(count):
                answer_questionnaire(kiosk, "en", comment="keep me")
                kiosk.wait_for(lambda t: t["screen"] == "welcome", timeout=20, what="welcome again")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"seeded {count} completed questionnaire(s) through the installed kiosk")


if __name__ == "__main__":
    main()

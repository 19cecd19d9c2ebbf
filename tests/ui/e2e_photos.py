"""Therapist photos on the therapist screen, in landscape and portrait: a good photo is drawn in its
square (its colour is on screen there), a therapist without a photo gets an initials tile, and a
photo that cannot be decoded is skipped with a log line and the initials drawn instead.
Screenshots are written for people to look at (<output dir>/photos/<size>/).
Usage: e2e_photos.py <alliance-kiosk> <output dir>"""
import glob
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Kiosk, Xvfb, make_workdir, write_config  # noqa: E402
from png_util import read_png, write_png  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALEX_COLOUR = (200, 40, 150)


def content_with_photos(work):
    content = os.path.join(work, "content")
    shutil.copytree(os.path.join(SOURCE, "content"), content)
    photos = os.path.join(content, "photos")
    os.makedirs(photos)
    # Alex: a portrait-shaped photo of one colour with a lighter band (the middle is cut square).
    write_png(os.path.join(photos, "alex.png"), 120, 160,
              lambda x, y: ALEX_COLOUR if 20 < y < 140 else (240, 220, 200))
    # María: a PNG header that promises an image, then nothing decodable.
    with open(os.path.join(photos, "maria.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x40\x00\x00\x00\x40\x08\x02\x00\x00\x00garbage")
    return content


def check(binary, out, size):
    work = make_workdir(os.path.join("photos", size))
    content = content_with_photos(work)
    config = os.path.join(work, "kiosk.toml")
    write_config(config, os.path.join(work, "data"), content_dir=content,
                 therapists=(("alex", "Alex Rivera"), ("maria", "María López"), ("sam", "Sam Okafor")))
    shots = os.path.join(out, "photos", size)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    width, height = (int(v) for v in size.split("x"))
    x = Xvfb(width, height)
    kiosk = Kiosk(binary, x.display, work, size=size, config=config, screenshots=shots)
    try:
        t = kiosk.tap("start")
        assert t["screen"] == "therapist", t
        portraits = {w["id"]: w["portrait"] for w in t["widgets"] if "portrait" in w}
        assert set(portraits) == {"therapist:alex", "therapist:maria", "therapist:sam"}, portraits
        assert "portrait" not in kiosk.widget("therapist:not-sure"), "not sure has no face"
        assert portraits["therapist:alex"]["photo"].endswith("photos/alex.png"), portraits
        assert portraits["therapist:sam"]["photo"] == "" and portraits["therapist:sam"]["initials"] == "SO", portraits
        assert portraits["therapist:maria"]["initials"] == "ML", portraits
        kiosk.wait_for(lambda t: glob.glob(os.path.join(shots, "*-therapist.png")), what="the screenshot")
        shot = sorted(glob.glob(os.path.join(shots, "*-therapist.png")))[-1]
        _, _, pixels = read_png(shot)
        p = portraits["therapist:alex"]
        centre = pixels[p["y"] + p["side"] // 2][p["x"] + p["side"] // 2]
        assert all(abs(a - b) < 24 for a, b in zip(centre, ALEX_COLOUR)), f"Alex's photo is not drawn: {centre}"
        m = portraits["therapist:maria"]
        centre = pixels[m["y"] + m["side"] // 2][m["x"] + m["side"] // 2]
        assert not all(abs(a - b) < 24 for a, b in zip(centre, ALEX_COLOUR)), "María shows someone else's photo"
        log = kiosk.output()
        assert "therapist photo skipped (initials shown)" in log and "maria.png" in log, log
        # Every therapist button is at least 9 mm and none is clipped: the layout test checks the
        # same layout at every size; here the tree's boxes are inside the window.
        for w in t["widgets"]:
            assert w["x"] >= 0 and w["y"] >= 0 and w["x"] + w["w"] <= width and w["y"] + w["h"] <= height, w
        print(f"{size}: photo drawn for Alex, initials for María (bad file, logged) and Sam; {shot}")
    finally:
        kiosk.close()
        x.close()


def main():
    binary, out = sys.argv[1], sys.argv[2]
    for size in ("1280x800", "800x1280"):
        check(binary, out, size)


if __name__ == "__main__":
    main()

"""Read aloud: tapping "Read aloud" speaks the screen (espeak-ng) through the audio output, in
English and then in Spanish. OpenAL's "wave" driver stands in for the speakers: what the kiosk
plays is written to a WAV file, and the test finds speech in it.
The read-aloud code is a module the program loads on the first request (alliance-kiosk-speech.so):
a copy of the program without it says once that read aloud is not available and goes on working.
Usage: e2e_read_aloud.py <alliance-kiosk> <output dir>"""
import array
import os
import shutil
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import kiosk_on_xvfb, make_workdir  # noqa: E402


def sound_samples(wav):
    """Samples clearly above silence in OpenAL's WAV output (float32 or int16 PCM)."""
    if not os.path.exists(wav):
        return 0
    with open(wav, "rb") as f:
        data = f.read()
    pos, bits, loud = 12, 16, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]  # the data chunk's size is unset while writing
        if chunk == b"fmt ":
            bits = struct.unpack("<HHIIHH", body[:16])[5]
        elif chunk == b"data":
            a = array.array("f" if bits == 32 else "h")
            a.frombytes(body[:len(body) // a.itemsize * a.itemsize])
            threshold = 0.05 if bits == 32 else 1500
            loud = sum(1 for v in a if abs(v) > threshold)
            break
        pos += 8 + size + (size & 1)
    return loud


def main():
    binary, out = sys.argv[1], sys.argv[2]
    work = make_workdir(os.path.join(out, "e2e-read-aloud"))
    wav = os.path.join(work, "speakers.wav")
    conf = os.path.join(work, "alsoft.conf")
    with open(conf, "w") as f:
        f.write(f"drivers = wave\n[wave]\nfile = {wav}\n")
    with kiosk_on_xvfb(binary, work, env={"ALSOFT_CONF": conf, "ALSOFT_DRIVERS": "wave"}) as kiosk:
        assert sound_samples(wav) == 0, "the kiosk made sound before anyone asked"
        kiosk.tap("a11y:read", wait_change=False)  # the tree does not change: only sound
        time.sleep(2.5)
        english = sound_samples(wav)
        assert english > 10000, f"no speech after Read aloud (English): {english} loud samples"
        kiosk.tap("language:es")
        kiosk.tap("a11y:read", wait_change=False)
        time.sleep(2.5)
        spanish = sound_samples(wav) - english
        assert spanish > 10000, f"no speech after Leer en voz alta (Spanish): {spanish} loud samples"
        assert "read aloud:" not in kiosk.output(), kiosk.output()
        print(f"spoke: English {english}, Spanish {spanish} loud samples")
    without_module(binary, work)
    print("2 passed, 0 failed")


def without_module(binary, work):
    alone = os.path.join(work, "alone")
    os.makedirs(alone)
    program = shutil.copy2(binary, os.path.join(alone, "alliance-kiosk"))
    run = os.path.join(work, "alone-run")
    os.makedirs(run)
    with kiosk_on_xvfb(program, run) as kiosk:
        kiosk.tap("a11y:read", wait_change=False)
        kiosk.tap("a11y:read", wait_change=False)
        kiosk.tap("language:es")  # still answers taps
        assert kiosk.tree()["language"] == "es", kiosk.tree()
        said = kiosk.output().count("read aloud is not available")
        assert said == 1, f"expected one notice that read aloud is not available, found {said}:\n{kiosk.output()}"
        assert "alliance-kiosk-speech.so" in kiosk.output(), kiosk.output()
    print("without its module: one notice, and the kiosk goes on")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""make-layout-seeds.py OUT_DIR: one layout_fuzz seed per distinct UI string and questionnaire text.

A layout_fuzz input is three parameter bytes (text size, line width, screen variant) and the
label. CMake runs this at configure time, so the seeds follow content/."""
import hashlib
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[3]
out = pathlib.Path(sys.argv[1])


def texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


found = set()
for source in sorted((root / "content/strings").glob("*.json")):
    found.update(texts(json.loads(source.read_text())))
for source in sorted((root / "content/questionnaires").glob("*.json")):
    q = json.loads(source.read_text())
    for s in texts(q):
        if " " in s or len(s) > 12:  # texts, not codes or ids
            found.add(s)
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("*"):
    old.unlink()
for i, text in enumerate(sorted(found)):
    data = text.encode()
    params = bytes([(i * 7) % 256, (i * 37 + 60) % 256, i % 12])
    name = hashlib.sha1(data).hexdigest()[:12]
    (out / name).write_bytes(params + data)
print(f"{len(found)} seeds in {out}")

"""report_bench: speed and peak memory of `alliance-sync report`, from NDJSON (FHIR resources as a
Bulk Data export writes them: each QuestionnaireResponse followed by its four score Observations,
which the report skips) at two sizes, so that memory's independence of the number of responses
shows, and from the local FHIR test server (Medplum's engine) paging through its search.

    build/tests/bench/report_bench [--ndjson 10000,100000] [--server 10000]

Run through the launcher CMake generates. Prints lines "figure: <name> = <value> <unit>"
(tests/bench/run-all.sh collects them). CPU and peak RSS come from wait4() on the alliance-sync
process alone, started by a bare python3 -S launcher (so the peak is at least that launcher's
~8 MB); the NDJSON is written beforehand by a child process and read once before timing (page
cache warm).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sync"))
import harness  # noqa: E402

Q = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check|1.0.0"
HOW = "https://alliance-kiosk.org/fhir/CodeSystem/how-much"
GOAL = "https://alliance-kiosk.org/fhir/CodeSystem/main-goal"
ITEMS = ["goal-known", "goal-shared", "task-plan", "task-home", "bond-listen", "bond-trust"]
GOALS = ["less-pain", "move-better", "work", "sport", "daily-tasks", "other"]
THERAPIST = "https://alliance-kiosk.org/fhir/StructureDefinition/therapist-seen"


def questionnaire_response(i, rng, day):
    therapist = "t%02d" % (i % 12)
    items = [{"linkId": "main-goal", "answer": [{"valueCoding": {"system": GOAL, "code": rng.choice(GOALS)}}]},
             {"linkId": "goal-discussed", "answer": [{"valueBoolean": rng.random() < 0.8}]}]
    items += [{"linkId": l, "answer": [{"valueCoding": {"system": HOW, "code": str(rng.choice((3, 4, 4, 5, 5)))}}]}
              for l in ITEMS]
    items.append({"linkId": "overall", "answer": [{"valueInteger": rng.randint(4, 10)}]})
    items.append({"linkId": "comment", "answer": [{"valueString": "Thank you, all good %d" % i}]})
    return {"resourceType": "QuestionnaireResponse", "id": "qr-%d" % i,
            "meta": {"versionId": "1", "lastUpdated": day + "T12:00:00Z"},
            "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:00000000-0000-4000-8000-%012d" % i},
            "status": "completed", "authored": "%sT%02d:%02d:00Z" % (day, 8 + i % 10, i % 60),
            "author": {"type": "Device", "identifier": {"system": "urn:alliance-kiosk:kiosk", "value": "front-desk-1"}},
            "questionnaire": Q, "language": "en",
            "extension": [{"url": THERAPIST, "valueReference": {
                "type": "Practitioner", "identifier": {"system": "https://alliance-kiosk.org/fhir/sid/therapist",
                                                       "value": therapist}, "display": "Therapist " + therapist}}],
            "item": items}


def observation(i, score, value, day):
    return {"resourceType": "Observation", "id": "obs-%d-%s" % (i, score), "status": "final",
            "code": {"coding": [{"system": "https://alliance-kiosk.org/fhir/CodeSystem/score", "version": "1.0.0",
                                 "code": score}]},
            "effectiveDateTime": day + "T12:00:00Z", "valueQuantity": {"value": value, "unit": "score"},
            "derivedFrom": [{"reference": "QuestionnaireResponse/qr-%d" % i}]}


def days(count):
    start = time.mktime((2026, 1, 5, 12, 0, 0, 0, 0, 0))
    return [time.strftime("%Y-%m-%d", time.localtime(start + 86400 * (i * 300 // max(count, 1)))) for i in range(count)]


def write_ndjson(path, count):
    rng = random.Random(7)
    dates = days(count)
    with open(path, "w") as f:
        for i in range(count):
            qr = questionnaire_response(i, rng, dates[i])
            f.write(json.dumps(qr, separators=(",", ":")) + "\n")
            for score in ("goal", "task", "bond", "total"):
                f.write(json.dumps(observation(i, score, 4.5, dates[i]), separators=(",", ":")) + "\n")


def run_report(config, *args):
    out = tempfile.mkdtemp(prefix="report-bench-out-")
    argv = [harness.SYNC_BIN, "report", "--config", config, "--out", os.path.join(out, "r.html"),
            "--csv", os.path.join(out, "r.csv"), "--from", "2026-01-01", "--to", "2026-12-31", *args]
    err_file = os.path.join(out, "stderr")
    started = time.monotonic()
    # Through a bare python3 -S launcher (about 8 MB): wait4's peak RSS of a forked child counts
    # the pages it shared with its parent before the exec, and this driver is larger than that.
    launcher = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, err_file, *argv], capture_output=True, text=True, check=True)
    wall = time.monotonic() - started
    code, utime, stime, maxrss = launcher.stdout.split()
    with open(err_file) as f:
        err = f.read()
    if int(code) != 0:
        raise SystemExit("report_bench: report failed:\n" + err[-2000:])
    return wall, float(utime) + float(stime), int(maxrss) / 1024.0, err.strip()


LAUNCHER = """
import os, sys
err = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
pid = os.fork()
if pid == 0:
    os.dup2(err, 2)
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime, usage.ru_stime, usage.ru_maxrss)
"""


def figure(name, value, unit):
    print("figure: %s = %.4g %s" % (name, value, unit), flush=True)


def post_responses(fhir_url, count):
    """Loads the server with transactions of plain creates (100 QuestionnaireResponses each)."""
    rng = random.Random(7)
    dates = days(count)
    for start in range(0, count, 100):
        entries = []
        for i in range(start, min(count, start + 100)):
            qr = questionnaire_response(i, rng, dates[i])
            del qr["id"], qr["meta"]
            entries.append({"resource": qr, "request": {"method": "POST", "url": "QuestionnaireResponse"}})
        body = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()
        req = urllib.request.Request(fhir_url, data=body, headers={"Content-Type": "application/fhir+json"})
        with urllib.request.urlopen(req, timeout=600) as reply:
            reply.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ndjson", default="10000,100000")
    parser.add_argument("--server", default="10000")
    parser.add_argument("--post", nargs=2, metavar=("URL", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("FILE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.post:
        post_responses(args.post[0], int(args.post[1]))
        return
    if args.generate:
        write_ndjson(args.generate[0], int(args.generate[1]))
        return
    work = tempfile.mkdtemp(prefix="report-bench-")
    config = os.path.join(work, "kiosk.toml")
    with open(config, "w") as f:
        f.write('[storage]\ndir = "%s"\n' % os.path.join(work, "data"))
    try:
        load = os.getloadavg()[0]
        figure("load average (1 min) at start", load, "")
        for count in [int(c) for c in args.ndjson.split(",") if c]:
            path = os.path.join(work, "bulk-%d.ndjson" % count)
            # In a child: this process stays small, since a forked child's peak RSS (wait4) counts
            # the pages it shares with its parent before exec.
            subprocess.run([sys.executable, os.path.abspath(__file__), "--generate", path, str(count)], check=True)
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass
            wall, cpu, rss, _ = run_report(config, "--input", path)
            size = os.path.getsize(path) / 1e6
            figure("ndjson %d responses (+%d Observations, %.0f MB) wall time" % (count, 4 * count, size), wall, "s")
            figure("ndjson %d responses per second (CPU)" % count, count / cpu, "/s")
            figure("ndjson %d responses per second (wall)" % count, count / wall, "/s")
            figure("ndjson %d peak RSS" % count, rss, "MiB")
            os.remove(path)
        for count in [int(c) for c in args.server.split(",") if c]:
            with harness.FhirServer() as server:
                subprocess.run([sys.executable, os.path.abspath(__file__), "--post", server.fhir_url, str(count)],
                               check=True)
                with open(config, "a") as f:
                    f.write('\n[sync]\nkind = "fhir"\nurl = "%s"\ntimeout_seconds = 600\n' % server.fhir_url)
                wall, cpu, rss, err = run_report(config)
                figure("server %d responses wall time (pages of 200)" % count, wall, "s")
                figure("server %d responses per second (wall)" % count, count / wall, "/s")
                figure("server %d client CPU per response" % count, 1000 * cpu / count, "ms")
                figure("server %d peak RSS" % count, rss, "MiB")
    finally:
        import shutil
        shutil.rmtree(work, True)


if __name__ == "__main__":
    main()

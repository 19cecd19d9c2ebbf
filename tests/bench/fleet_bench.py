"""fleet_bench: many kiosks' `alliance-sync run` with [fleet] on, against one local FHIR test server
(Medplum's engine), for a bounded time. Each kiosk has its own seeded store and config; all pull
the questionnaire and therapists and report their Device every `--interval` seconds.

    build/tests/bench/fleet_bench [--kiosks 200] [--responses 2] [--seconds 180] [--interval 60]

Phase 1 (start): every daemon starts, pulls everything, reports its Device and uploads its
responses; it ends when every kiosk has pulled and the server holds every response.
Phase 2 (steady): nothing changes on the server for `--seconds`; the requests and the server's
CPU in that time are the cost of keeping a quiet fleet in step.
Checks: every response arrived exactly once, one Device per kiosk, no pull problem. Prints lines
"figure: <name> = <value> <unit>" (tests/bench/run-all.sh collects them).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sync"))
import harness  # noqa: E402  (tests/sync/harness.py: the server)

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUESTIONNAIRE_URL = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check"
ORG = "clinic-north"


def process_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fhir(server, method, path, body):
    req = urllib.request.Request(server.fhir_url + "/" + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/fhir+json"})
    with urllib.request.urlopen(req, timeout=60) as reply:
        return json.loads(reply.read().decode())


def publish(server):
    with open(os.path.join(SOURCE, "content", "questionnaires", "alliance-check.json"), encoding="utf-8") as f:
        q = json.load(f)
    del q["id"]
    q["status"] = "active"
    fhir(server, "POST", "Questionnaire", q)
    for pid, given, family in (("alex", "Alex", "Rivera"), ("maria", "María", "López"), ("sam", "Sam", "Okafor"),
                               ("kim", "Kim", "Lee")):
        fhir(server, "PUT", "Practitioner/" + pid,
             {"resourceType": "Practitioner", "id": pid, "name": [{"given": [given], "family": family}]})
        fhir(server, "PUT", "PractitionerRole/role-" + pid,
             {"resourceType": "PractitionerRole", "id": "role-" + pid, "active": True,
              "practitioner": {"reference": "Practitioner/" + pid},
              "organization": {"reference": "Organization/" + ORG}})


def make_kiosk(root, index, url, responses, interval):
    home = os.path.join(root, "kiosk-%03d" % index)
    data = os.path.join(home, "data")
    os.makedirs(data)
    config = os.path.join(home, "kiosk.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""[kiosk]
id = "kiosk-{index:03d}"
[storage]
dir = "{data}"
[sync]
kind = "fhir"
url = "{url}"
batch_size = 2
interval_seconds = {interval}
timeout_seconds = 120
[fleet]
enabled = true
questionnaire_url = "{QUESTIONNAIRE_URL}"
organization = "{ORG}"
interval_seconds = {interval}
device_interval_seconds = {interval}
""")
    subprocess.run([harness.SEED_BIN, data, str(responses), "--fast"], check=True, capture_output=True)
    return config, data


def pulled(data):
    try:
        with open(os.path.join(data, "fleet", "status.json"), encoding="utf-8") as f:
            return json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def wait_for(what, predicate, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(1)
    raise SystemExit("fleet_bench: timed out waiting for " + what)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--responses", type=int, default=2, help="seeded responses per kiosk")
    parser.add_argument("--seconds", type=int, default=180, help="length of the steady phase")
    parser.add_argument("--interval", type=int, default=60, help="[fleet] interval_seconds and device_interval_seconds")
    args = parser.parse_args()
    harness.require_environment()
    root = tempfile.mkdtemp(prefix="alliance-fleet-bench-")
    daemons = []
    try:
        with harness.FhirServer() as server:
            publish(server)
            kiosks = [make_kiosk(root, i, server.fhir_url, args.responses, args.interval) for i in range(args.kiosks)]
            cpu0, requests0, started = process_cpu_seconds(server.proc.pid), server.census()["stats"]["requests"], time.monotonic()
            for config, data in kiosks:
                with open(os.path.join(data, "..", "sync.log"), "w") as log:  # a full pipe would stall a daemon
                    daemons.append(subprocess.Popen([harness.SYNC_BIN, "run", "--config", config],
                                                    stdout=subprocess.DEVNULL, stderr=log))
            total = args.kiosks * args.responses
            wait_for("every kiosk's first pull", lambda: all(pulled(d) for _, d in kiosks), 600)
            wait_for("every response on the server",
                     lambda: server.census()["QuestionnaireResponse"]["total"] >= total, 900)
            start_s = time.monotonic() - started
            cpu1, requests1 = process_cpu_seconds(server.proc.pid), server.census()["stats"]["requests"]
            time.sleep(args.seconds)
            cpu2, requests2 = process_cpu_seconds(server.proc.pid), server.census()["stats"]["requests"]
            census = server.census()
            with urllib.request.urlopen(server.fhir_url + "/Device?identifier=urn:alliance-kiosk:kiosk%7C&_summary=count",
                                        timeout=60) as reply:
                device_count = json.loads(reply.read().decode())["total"]
            problems = [pulled(d)["problem"] for _, d in kiosks if pulled(d)["problem"]]
    finally:
        for proc in daemons:
            proc.terminate()
        for proc in daemons:
            proc.wait(30)
        shutil.rmtree(root, ignore_errors=True)
    qr = census["QuestionnaireResponse"]
    if qr["duplicates"] or qr["total"] != total or qr["distinct"] != total:
        raise SystemExit("fleet_bench: not exactly once: %d stored, %d distinct, duplicates %s (expected %d)" %
                         (qr["total"], qr["distinct"], qr["duplicates"], total))
    if device_count != args.kiosks:
        raise SystemExit("fleet_bench: %d Devices for %d kiosks" % (device_count, args.kiosks))
    if problems:
        raise SystemExit("fleet_bench: pull problems: %s" % problems[:3])
    hours = args.seconds / 3600
    steady = requests2 - requests1
    print("kiosks %d, %d responses each, steady phase %d s, [fleet] intervals %d s (machine shared and loaded)" %
          (args.kiosks, args.responses, args.seconds, args.interval))
    print("figure: fleet start, all kiosks pulled and uploaded = %.1f s" % start_s)
    print("figure: fleet start requests per kiosk = %.1f requests" % ((requests1 - requests0) / args.kiosks))
    print("figure: fleet start server CPU = %.1f s" % (cpu1 - cpu0))
    print("figure: fleet steady requests per kiosk per hour = %.0f requests" % (steady / args.kiosks / hours))
    print("figure: fleet steady server CPU per kiosk-hour = %.2f s" % ((cpu2 - cpu1) / args.kiosks / hours))
    print("figure: fleet responses stored exactly once = %d of %d" % (qr["distinct"], total))


if __name__ == "__main__":
    main()

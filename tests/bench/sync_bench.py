"""sync_bench: time, client CPU and peak memory of `alliance-sync push` uploading a queue of
responses to the local FHIR test server (Medplum's engine), at two queue lengths so that the
memory's independence of the queue shows.

    build/tests/bench/sync_bench [--counts 1000,10000] [--batch-size 2]

Run through the launcher CMake generates, which passes the binaries' paths. Prints lines
"figure: <name> = <value> <unit>" (tests/bench/run-all.sh collects them). The client's CPU and
peak RSS come from wait4() on the alliance-sync process only (the store is filled beforehand by
sync_seed, the server runs in its own process), the server's CPU from /proc.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sync"))
import harness  # noqa: E402  (tests/sync/harness.py: server and kiosk helpers)


class Run(harness.ServerCase):
    """Only for its cleanup machinery (temporary directories)."""

    def runTest(self):
        pass


def process_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def measure(count, batch_size, kind):
    case = Run()
    with harness.FhirServer() as server:
        url = server.fhir_url if kind == "fhir" else server.base + "/json/responses"
        kiosk = harness.Kiosk(case, url, kind=kind, batch_size=batch_size, timeout_seconds=120)
        seeded = time.monotonic()
        kiosk.seed(count, fast=True)
        seed_s = time.monotonic() - seeded
        server_cpu_before = process_cpu_seconds(server.proc.pid)
        started = time.monotonic()
        # SYNC_BENCH_PREFIX (e.g. "perf record -g -o /tmp/sync.perf") wraps the client for profiling;
        # the figures then include the wrapper's own CPU.
        prefix = os.environ.get("SYNC_BENCH_PREFIX", "").split()
        proc = subprocess.Popen(prefix + [harness.SYNC_BIN, "push", "--config", kiosk.config],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        server_cpu = process_cpu_seconds(server.proc.pid) - server_cpu_before
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit("sync_bench: push failed (exit %d):\n%s" % (code, stderr[-2000:]))
        census = server.census()
    case.doCleanups()
    landed = census["QuestionnaireResponse"]["total"] if kind == "fhir" else census["json"]["sessions"]
    duplicates = census["QuestionnaireResponse"]["duplicates"] if kind == "fhir" else census["json"]["duplicates"]
    if landed != count or duplicates:
        raise SystemExit("sync_bench: %d responses on the server, expected exactly %d" % (landed, count))
    return {"count": count, "user": usage.ru_utime, "system": usage.ru_stime, "wall": wall, "client_cpu": usage.ru_utime + usage.ru_stime, "server_cpu": server_cpu,
            "peak_kib": usage.ru_maxrss, "seed": seed_s}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="1000,10000")
    parser.add_argument("--batch-size", type=int, default=2, help="FHIR batch size (Medplum's limit is 2)")
    parser.add_argument("--json-count", type=int, default=10000,
                        help="also upload this many to the json target (0: skip), to show the client without "
                             "Medplum's transaction limit")
    parser.add_argument("--json-batch-size", type=int, default=25)
    args = parser.parse_args()
    harness.require_environment()
    runs = [("fhir", int(c), args.batch_size) for c in args.counts.split(",")]
    if args.json_count:
        runs.append(("json", args.json_count, args.json_batch_size))
    for kind, count, batch_size in runs:
        r = measure(count, batch_size, kind)
        n = r["count"]
        print("%s upload of %d queued responses (batch size %d): %.1f s wall, client CPU %.2f s (user %.2f, "
              "system %.2f), server CPU %.1f s, client peak RSS %.1f MiB (store filled in %.1f s)" %
              (kind, n, batch_size, r["wall"], r["client_cpu"], r["user"], r["system"], r["server_cpu"],
               r["peak_kib"] / 1024, r["seed"]), flush=True)
        name = "%s upload %d" % (kind, n)
        print("figure: %s wall time = %.2f s" % (name, r["wall"]))
        print("figure: %s responses per second = %.0f /s" % (name, n / r["wall"]))
        print("figure: %s client CPU per response = %.3f ms" % (name, 1000 * r["client_cpu"] / n))
        print("figure: %s server CPU per response = %.3f ms" % (name, 1000 * r["server_cpu"] / n))
        print("figure: %s client peak RSS = %.1f MiB" % (name, r["peak_kib"] / 1024), flush=True)


if __name__ == "__main__":
    main()

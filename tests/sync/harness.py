"""Shared pieces of the sync integration tests (python3 stdlib only).

FhirServer starts tests/fhir-server/server.js on a free loopback port and stops it; Kiosk is a
data directory with a config file, filled through the Store API by sync_seed and driven with the
real alliance-sync binary. Paths come from the environment that tests/sync/CMakeLists.txt sets.
"""
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import unittest

SYNC_BIN = os.environ.get("ALLIANCE_SYNC_BIN", "")
SEED_BIN = os.environ.get("ALLIANCE_SEED_BIN", "")
SERVER_DIR = os.environ.get("ALLIANCE_FHIR_SERVER_DIR", "")
NODE = os.environ.get("ALLIANCE_NODE") or shutil.which("node") or "node"

QR_SYSTEM = "urn:ietf:rfc:3986"
SCORE_SYSTEM = "urn:alliance-kiosk:score"
SCORES_PER_RESPONSE = 3  # total, bond, goals (seed_store.cpp)


def require_environment():
    missing = [name for name, value in [("ALLIANCE_SYNC_BIN", SYNC_BIN), ("ALLIANCE_SEED_BIN", SEED_BIN),
                                        ("ALLIANCE_FHIR_SERVER_DIR", SERVER_DIR)] if not value]
    if missing:
        raise RuntimeError("run through ctest (missing %s)" % ", ".join(missing))
    if not os.path.isdir(os.path.join(SERVER_DIR, "node_modules", "@medplum", "fhir-router")):
        raise RuntimeError("the FHIR test server's packages are not installed: run `npm ci` in %s "
                           "(packaging/quickstart.sh test does it)" % SERVER_DIR)


class FhirServer:
    """The Medplum test server as a child process; `args` are server.js flags."""

    def __init__(self, *args, tls=None):
        require_environment()
        self.tls = tls  # a TestPki when the server speaks https
        self.proc = subprocess.Popen([NODE, os.path.join(SERVER_DIR, "server.js"), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError("the FHIR test server did not start: %r %s" % (line, err))
        self.port = int(line)
        scheme = "https" if tls else "http"
        host = "localhost" if tls else "127.0.0.1"
        self.base = "%s://%s:%d" % (scheme, host, self.port)
        self.fhir_url = self.base + "/fhir"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _open(self, path, data=None, headers=None):
        context = None
        if self.tls:
            context = ssl.create_default_context(cafile=self.tls.ca_cert)
            if self.tls.client_required:
                context.load_cert_chain(self.tls.client_cert, self.tls.client_key)
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        with urllib.request.urlopen(req, context=context, timeout=60) as reply:
            return json.loads(reply.read().decode())

    def control(self, what, body=None):
        data = None if body is None else json.dumps(body).encode()
        return self._open("/__control/" + what, data, {"Content-Type": "application/json"})

    def set_faults(self, **faults):
        return self.control("faults", faults)

    def census(self):
        return self.control("census")

    def search(self, resource_type, system, value):
        """A real FHIR search by identifier: the way a clinic would look a response up."""
        query = urllib.parse.urlencode({"identifier": "%s|%s" % (system, value)})
        return self._open("/fhir/%s?%s" % (resource_type, query))


class TestPki:
    """A throw-away CA, a server certificate for localhost/127.0.0.1 and a client certificate,
    made with openssl at test time."""

    def __init__(self, test, client_required=False):
        self.dir = tempfile.mkdtemp(prefix="alliance-pki-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.client_required = client_required
        p = lambda name: os.path.join(self.dir, name)
        self.ca_cert, self.ca_key = p("ca.pem"), p("ca.key")
        self.server_cert, self.server_key = p("server.pem"), p("server.key")
        self.client_cert, self.client_key = p("client.pem"), p("client.key")
        self.other_ca_cert = p("other-ca.pem")
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Alliance test CA",
                      "-keyout", self.ca_key, "-out", self.ca_cert)
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Some other CA",
                      "-keyout", p("other-ca.key"), "-out", self.other_ca_cert)
        self._leaf("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1")
        self._leaf("client", "/CN=front-desk-1", "extendedKeyUsage=clientAuth")
        os.chmod(self.client_key, 0o600)

    def _openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    def _leaf(self, name, subject, extension):
        p = lambda suffix: os.path.join(self.dir, name + suffix)
        self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", p(".key"), "-out", p(".csr"))
        with open(p(".ext"), "w") as f:
            f.write(extension + "\n")
        self._openssl("x509", "-req", "-in", p(".csr"), "-CA", self.ca_cert, "-CAkey", self.ca_key, "-CAcreateserial",
                      "-days", "2", "-extfile", p(".ext"), "-out", p(".pem"))

    def server_args(self):
        args = ["--tls-cert", self.server_cert, "--tls-key", self.server_key]
        if self.client_required:
            args += ["--client-ca", self.ca_cert]
        return args

    def server_pin(self):
        """libcurl's pin of the server key: sha256// + base64(SHA-256 of the DER public key)."""
        der = subprocess.run(["openssl", "pkey", "-in", self.server_key, "-pubout", "-outform", "DER"], check=True,
                             capture_output=True).stdout
        import base64
        import hashlib
        return "sha256//" + base64.b64encode(hashlib.sha256(der).digest()).decode()


class Kiosk:
    """A data directory, a config file for it, and ways to run alliance-sync on them."""

    def __init__(self, test, url="", kind="fhir", **sync_keys):
        require_environment()
        self.dir = tempfile.mkdtemp(prefix="alliance-sync-test-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.data_dir = os.path.join(self.dir, "data")
        self.config = os.path.join(self.dir, "kiosk.toml")
        self.write_config(url, kind, **sync_keys)

    def write_config(self, url, kind="fhir", **sync_keys):
        # Medplum takes at most 8 entries in a transaction of conditional creates: 2 responses of
        # 1 QuestionnaireResponse + 3 Observations each (sync/README.md, batch_size).
        keys = {"kind": kind, "url": url, "batch_size": 2, "connect_timeout_seconds": 5, "timeout_seconds": 20,
                "max_backoff_seconds": 10, "interval_seconds": 5}
        keys.update(sync_keys)
        lines = ["[kiosk]", 'id = "front-desk-1"', "", "[storage]", 'dir = "%s"' % self.data_dir, "", "[sync]"]
        for key, value in keys.items():
            lines.append("%s = %s" % (key, json.dumps(value)))
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def secret(self, name, text, mode=0o600):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text + "\n")
        os.chmod(path, mode)
        return path

    def seed(self, count, invalid=(), fast=False, scores=None):
        args = [SEED_BIN, self.data_dir, str(count)]
        if scores is not None:
            args += ["--scores", str(scores)]
        for index in invalid:
            args += ["--invalid", str(index)]
        if fast:
            args.append("--fast")
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        return out.split()

    def sync(self, *args, timeout=180):
        """Runs alliance-sync to completion; returns (exit code, stdout, stderr)."""
        proc = subprocess.run([SYNC_BIN, *args, "--config", self.config], capture_output=True, text=True,
                              timeout=timeout)
        return proc.returncode, proc.stdout, proc.stderr

    def start(self, *args):
        return subprocess.Popen([SYNC_BIN, *args, "--config", self.config], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def status(self):
        code, out, _ = self.sync("status")
        counts = {}
        for line in out.splitlines():
            name, _, rest = line.partition(":")
            if rest.strip().split() and rest.strip().split()[0].isdigit():
                counts[name.strip()] = int(rest.split()[0])
        return counts


def stop_process(proc, sig=signal.SIGTERM, timeout=15):
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out, err


class ServerCase(unittest.TestCase):
    """Asserts about what the server holds; prints each test's duration (the suite has a budget)."""

    def run(self, result=None):
        started = time.monotonic()
        try:
            return super().run(result)
        finally:
            print("  [%.1f s] %s" % (time.monotonic() - started, self._testMethodName), flush=True)

    def assertExactlyOnce(self, census, sessions, scores_per_response=SCORES_PER_RESPONSE):
        qr = census["QuestionnaireResponse"]
        obs = census["Observation"]
        self.assertEqual(qr["duplicates"], {}, "a QuestionnaireResponse was stored twice")
        self.assertEqual(obs["duplicates"], {}, "an Observation was stored twice")
        expected = {"%s|urn:uuid:%s" % (QR_SYSTEM, s) for s in sessions}
        self.assertEqual(set(qr["identifiers"]), expected)
        self.assertEqual(qr["total"], len(sessions))
        self.assertEqual(obs["total"], len(sessions) * scores_per_response)
        self.assertEqual(obs["danglingDerivedFrom"], 0, "an Observation's derivedFrom does not point at a stored response")


def kill_push_midway(kiosk, server, landed_at_least, delay_ms=20):
    """Starts `push` against a server slowed by `delay_ms` a request and SIGKILLs it once
    `landed_at_least` QuestionnaireResponses are stored. Returns (it got going, responses stored
    when it died); the server's faults are cleared again."""
    server.set_faults(delay_ms=delay_ms)
    push = kiosk.start("push")
    landed = wait_until(lambda: server.census()["QuestionnaireResponse"]["total"] >= landed_at_least, 60, step=0.05)
    push.send_signal(signal.SIGKILL)
    stop_process(push)
    partial = server.census()["QuestionnaireResponse"]["total"]
    server.set_faults()
    return landed, partial


def wait_until(predicate, timeout, step=0.25):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()

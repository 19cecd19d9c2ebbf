"""[sync] auth = "smart-backend" against the test server's SMART token endpoint, which checks each
client assertion with npm's jose (an independent JWT library): `alliance-sync keygen` writes an
owner-only key and prints the JWKS IT registers; push discovers the token endpoint, signs RS384 or
ES384 assertions and uploads; the endpoint refuses a replayed jti, a wrong audience, an expired or
foreign-signed assertion (crafted here with the openssl command), and push says what to check."""
import base64
import json
import os
import stat
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import unittest

from harness import SYNC_BIN, FhirServer, Kiosk, ServerCase

CLIENT = "front-desk-1"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SmartBackend(ServerCase):
    def setUp(self):
        self.kiosk = Kiosk(self)
        self.key = os.path.join(self.kiosk.dir, "sync-key.pem")
        self.jwks = os.path.join(self.kiosk.dir, "jwks.json")

    def keygen(self, algorithm, key=None):
        key = key or self.key
        proc = subprocess.run([SYNC_BIN, "keygen", "--algorithm", algorithm, "--out", key], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def start(self, algorithm):
        with open(self.jwks, "w") as f:
            f.write(self.keygen(algorithm))
        self.server = FhirServer("--smart", "%s:%s" % (CLIENT, self.jwks))
        self.addCleanup(self.server.stop)
        self.kiosk.write_config(self.server.fhir_url, auth="smart-backend", client_id=CLIENT, private_key_file=self.key)
        self.token_url = self.server.base + "/smart/token"

    def post_assertion(self, assertion):
        body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "system/Observation.crs",
                                       "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                       "client_assertion": assertion}).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(self.token_url, data=body), timeout=20) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def crafted(self, key, **claims):
        """An RS384 assertion signed with `key` by the openssl command, claims overriding good ones."""
        kid = json.loads(open(self.jwks).read())["keys"][0]["kid"]
        now = int(time.time())
        payload = {"iss": CLIENT, "sub": CLIENT, "aud": self.token_url, "exp": now + 240, "jti": str(uuid.uuid4())}
        payload.update(claims)
        signing_input = b64url(json.dumps({"alg": "RS384", "typ": "JWT", "kid": kid}).encode()) + "." + \
            b64url(json.dumps(payload).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha384", "-sign", key], input=signing_input.encode(),
                                   capture_output=True, check=True).stdout
        return signing_input + "." + b64url(signature)

    def test_keygen_writes_an_owner_only_key_and_refuses_to_overwrite_it(self):
        jwks = json.loads(self.keygen("ES384"))
        self.assertEqual(stat.S_IMODE(os.stat(self.key).st_mode), 0o600)
        key = jwks["keys"][0]
        self.assertEqual((key["kty"], key["crv"], key["alg"], key["use"]), ("EC", "P-384", "ES384", "sig"))
        self.assertNotIn("d", key, "the JWKS must hold the public key only")
        with open(self.key) as f:
            before = f.read()
        proc = subprocess.run([SYNC_BIN, "keygen", "--out", self.key], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("exists already", proc.stderr)
        with open(self.key) as f:
            self.assertEqual(f.read(), before)

    def push_lands_with(self, algorithm):
        self.start(algorithm)
        sessions = self.kiosk.seed(3)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], len(sessions))
        smart = self.server.control("smart")
        self.assertEqual(smart["issued"], 1, smart)  # one token, cached for the whole push
        self.assertEqual(smart["refused"], [])
        self.assertEqual(smart["scopes"], ["system/QuestionnaireResponse.crs system/Observation.crs"])
        header = json.loads(base64.urlsafe_b64decode(smart["lastAssertion"].split(".")[0] + "=="))
        self.assertEqual(header["alg"], algorithm)

    def test_push_with_an_es384_key_gets_a_token_from_the_discovered_endpoint_and_uploads(self):
        self.push_lands_with("ES384")

    def test_push_with_an_rs384_key_gets_a_token_and_uploads(self):
        self.push_lands_with("RS384")

    def test_the_endpoint_refuses_a_replayed_jti_a_wrong_audience_an_expired_or_foreign_assertion(self):
        self.start("RS384")
        self.assertEqual(self.post_assertion(self.crafted(self.key))[0], 200, "a well-made assertion is accepted")
        replay = self.crafted(self.key)
        self.assertEqual(self.post_assertion(replay)[0], 200)
        status, body = self.post_assertion(replay)
        self.assertEqual((status, body["error_description"]), (400, "jti replayed"))
        status, body = self.post_assertion(self.crafted(self.key, aud="https://elsewhere.example/token"))
        self.assertEqual(status, 400)
        self.assertIn('"aud"', body["error_description"])
        status, body = self.post_assertion(self.crafted(self.key, exp=int(time.time()) - 60))
        self.assertEqual(status, 400)
        self.assertIn("exp", body["error_description"])
        other = os.path.join(self.kiosk.dir, "other.pem")
        self.keygen("RS384", other)
        status, body = self.post_assertion(self.crafted(other))
        self.assertEqual(status, 400)
        self.assertIn("signature", body["error_description"])

    def test_a_key_the_server_does_not_know_gets_no_token_and_push_says_what_to_check(self):
        self.start("ES384")
        os.rename(self.key, self.key + ".registered")
        self.keygen("ES384")  # a new key nobody registered
        self.kiosk.seed(1)
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 1, err)
        self.assertIn("refused the client credentials", err)
        self.assertIn("registered this kiosk's public key", err)
        self.assertEqual(self.server.census()["QuestionnaireResponse"]["total"], 0)


if __name__ == "__main__":
    unittest.main()

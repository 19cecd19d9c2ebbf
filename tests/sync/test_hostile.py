"""A hostile or broken server cannot hurt the kiosk: a 1 GiB reply, a gzip bomb, an encoding
other than gzip and a flood of headers are each cut off with bounded memory and are a retry; the
responses then arrive exactly once from a well-behaved server. Plain http to this machine never
goes through a proxy from the environment."""
import os
import subprocess
import tempfile
import unittest

from harness import SYNC_BIN, FhirServer, Kiosk, ServerCase

# Peak memory allowed to one `alliance-sync push` facing a hostile reply (the body cap is 32 MiB).
MAX_RSS_MIB = 120


class Hostile(ServerCase):
    def setUp(self):
        self.server = FhirServer()
        self.addCleanup(self.server.stop)
        self.kiosk = Kiosk(self, self.server.fhir_url)
        self.sessions = self.kiosk.seed(2)

    def push_with_peak_rss(self):
        """Runs `alliance-sync push`; returns (exit code, stderr, its own peak RSS in MiB), the
        latter from wait4() of that one process."""
        with tempfile.TemporaryFile("w+") as err_file:
            proc = subprocess.Popen([SYNC_BIN, "push", "--config", self.kiosk.config], stdout=subprocess.DEVNULL,
                                    stderr=err_file, text=True)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            err_file.seek(0)
            return proc.returncode, err_file.read(), usage.ru_maxrss / 1024

    def assert_cut_off_and_retried(self, hostile, message):
        self.server.set_faults(hostile=hostile)
        code, err, peak_mib = self.push_with_peak_rss()
        self.assertEqual(code, 1, err)
        self.assertIn(message, err)
        self.assertEqual(self.kiosk.status()["pending"], 2, "nothing may count as sent")
        self.assertLess(peak_mib, MAX_RSS_MIB, "push used %.0f MiB" % peak_mib)
        print("  peak RSS of push facing %s: %.1f MiB" % (hostile, peak_mib), flush=True)
        self.server.set_faults()
        code, _, err = self.kiosk.sync("push")
        self.assertEqual(code, 0, err)
        self.assertExactlyOnce(self.server.census(), self.sessions)

    def test_a_1_gib_reply_is_cut_off_with_bounded_memory_and_retried(self):
        self.assert_cut_off_and_retried("huge", "the reply is larger than 32 MiB")
        # The client hung up long before the server could send it all.
        self.assertLess(self.server.census()["stats"]["hostile_bytes_sent"], 256 << 20)

    def test_a_gzip_bomb_is_cut_off_with_bounded_memory_and_retried(self):
        self.assert_cut_off_and_retried("gzip_bomb", "the reply is larger than 32 MiB (after decompression)")

    def test_a_reply_in_another_encoding_than_gzip_is_refused_and_retried(self):
        self.assert_cut_off_and_retried("brotli", "an encoding other than gzip or identity")

    def test_a_megabyte_of_headers_is_refused_and_retried(self):
        self.assert_cut_off_and_retried("huge_headers", "headers are larger than 64 KiB")

    def test_plain_http_to_this_machine_never_goes_through_a_proxy(self):
        # Nothing listens on port 9: a push that went through this "proxy" would fail.
        env = dict(os.environ, http_proxy="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
                   all_proxy="http://127.0.0.1:9", no_proxy="")
        proc = subprocess.run([SYNC_BIN, "push", "--config", self.kiosk.config], capture_output=True, text=True,
                              env=env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertExactlyOnce(self.server.census(), self.sessions)


if __name__ == "__main__":
    unittest.main()

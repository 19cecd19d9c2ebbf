"""Clinic IT's root shell: every command run as root on a fresh data directory (as the package
makes it: the kiosk user's, 0700) leaves nothing the kiosk user cannot use, and the kiosk user's
own operations (the daemon, status, push, a sync request) still succeed afterwards. Needs root, as
CI runs; creates a throwaway system user in place of alliance-kiosk."""
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import unittest

from harness import FhirServer, Kiosk, ServerCase, SEED_BIN, SYNC_BIN, stop_process, wait_until

KIOSK_BIN = os.environ.get("ALLIANCE_KIOSK_BIN", "")


def retried(command):
    """useradd and userdel give up while another process (another test) holds /etc/passwd's lock."""
    for _ in range(40):
        if subprocess.run(command, stderr=subprocess.DEVNULL).returncode == 0:
            return
        time.sleep(0.25)
    raise RuntimeError("%s kept failing" % " ".join(command))


@unittest.skipUnless(os.geteuid() == 0, "needs root (CI runs as root)")
class RunAsRoot(ServerCase):
    def setUp(self):
        self.user = "alliance-test-%d" % os.getpid()
        retried(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", self.user])
        self.addCleanup(retried, ["userdel", self.user])
        entry = pwd.getpwnam(self.user)
        self.uid, self.gid = entry.pw_uid, entry.pw_gid
        # The user runs copies of the programs: a checkout in /root (0700) is not theirs to read.
        bin_dir = tempfile.mkdtemp(prefix="alliance-as-root-bin-")
        self.addCleanup(shutil.rmtree, bin_dir, True)
        os.chmod(bin_dir, 0o755)
        self.seed_bin, self.sync_bin = (shutil.copy(b, bin_dir) for b in (SEED_BIN, SYNC_BIN))
        # and a copy of the content, as the package installs it world-readable under /usr/share.
        content = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content")
        copied = shutil.copytree(content, os.path.join(bin_dir, "content"))
        subprocess.run(["chmod", "-R", "a+rX", bin_dir], check=True)
        saved = os.environ.get("ALLIANCE_CONTENT_DIR")
        os.environ["ALLIANCE_CONTENT_DIR"] = copied
        self.addCleanup(lambda: os.environ.pop("ALLIANCE_CONTENT_DIR") if saved is None
                        else os.environ.update(ALLIANCE_CONTENT_DIR=saved))

    def installed_kiosk(self, url):
        """A Kiosk laid out as the package does: data and config directories the user's."""
        kiosk = Kiosk(self, url, auth="none")
        os.chmod(kiosk.dir, 0o755)
        kiosk.etc = os.path.join(kiosk.dir, "etc")
        for path in (kiosk.data_dir, kiosk.etc):
            os.mkdir(path, 0o700)
            os.chown(path, self.uid, self.gid)
        with open(kiosk.config, "a") as f:
            f.write('\n[staff]\npin_hash_file = "%s/staff.pin"\n' % kiosk.etc)
        return kiosk

    def as_user(self, *args, **kwargs):
        return subprocess.run(["runuser", "-u", self.user, "--", *args], capture_output=True, text=True,
                              timeout=180, **kwargs)

    def not_the_users(self, *dirs):
        found = []
        for top in dirs:
            for root, subdirs, files in os.walk(top):
                for name in [root] + [os.path.join(root, f) for f in files]:
                    if os.lstat(name).st_uid != self.uid:
                        found.append(name)
        return found

    def test_each_command_run_as_root_leaves_files_the_kiosk_user_can_use(self):
        with FhirServer() as server:
            kiosk = self.installed_kiosk(server.fhir_url)
            # As root, as IT would, on the fresh data directory.
            code, out, err = kiosk.sync("status")
            self.assertEqual(code, 0, err)
            self.assertIn("working as %s, the owner of %s" % (self.user, kiosk.data_dir), err)
            code, _, err = kiosk.sync("check")
            self.assertEqual(code, 0, err)
            code, _, err = kiosk.sync("export", "--output", os.path.join(kiosk.data_dir, "export.csv"))
            self.assertEqual(code, 0, err)
            pin = subprocess.run([KIOSK_BIN, "--set-pin", "--config", kiosk.config], input="2468\n2468\n",
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(pin.returncode, 0, pin.stderr)
            seeded = self.as_user(self.seed_bin, kiosk.data_dir, "3")  # the kiosk completes 3 responses
            self.assertEqual(seeded.returncode, 0, seeded.stderr)
            code, _, err = kiosk.sync("push")
            self.assertEqual(code, 0, err)
            self.assertEqual(self.not_the_users(kiosk.data_dir, kiosk.etc), [])
            self.assertTrue(os.path.exists(os.path.join(kiosk.etc, "staff.pin")))

            # "Sync now" by hand from the root shell: a root-owned request file.
            request = os.path.join(kiosk.data_dir, "sync.request")
            open(request, "w").close()
            self.assertEqual(os.stat(request).st_uid, 0)

            # The kiosk user's own work still succeeds: more responses, the daemon, status.
            seeded = self.as_user(self.seed_bin, kiosk.data_dir, "2")
            self.assertEqual(seeded.returncode, 0, seeded.stderr)
            daemon = subprocess.Popen(["setpriv", "--reuid", str(self.uid), "--regid", str(self.gid), "--init-groups",
                                       self.sync_bin, "run", "--config", kiosk.config],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                sent = lambda: self.as_user(self.sync_bin, "status", "--config", kiosk.config).stdout
                self.assertTrue(wait_until(lambda: "sent:     5" in sent(), 60), sent())
                os.utime(request)  # touched again by root: a pass at once
                wait_until(lambda: False, 3)
            finally:
                code, _, log = stop_process(daemon)
            self.assertEqual(code, 0, log)
            self.assertNotIn("E-STORE", log)
            self.assertIn("sync requested (%s changed)" % request, log)
            status = self.as_user(self.sync_bin, "status", "--config", kiosk.config)
            self.assertEqual(status.returncode, 0, status.stderr)
            self.assertIn("pending:  0", status.stdout)
            self.assertEqual(server.census()["QuestionnaireResponse"]["total"], 5)

    def test_a_store_file_root_left_behind_is_explained_with_its_owner_and_the_chown(self):
        kiosk = self.installed_kiosk("")
        kiosk.write_config("", kind="off")
        # What the first release did: root created the store itself.
        seeded = subprocess.run([SEED_BIN, kiosk.data_dir, "1"], capture_output=True, text=True)
        self.assertEqual(seeded.returncode, 0, seeded.stderr)
        status = self.as_user(self.sync_bin, "status", "--config", kiosk.config)
        self.assertEqual(status.returncode, 4)
        db = os.path.join(kiosk.data_dir, "alliance.db")
        self.assertIn("E-STORE-READONLY: store: open: cannot write %s: it belongs to root (mode 0600) and this "
                      "program runs as %s; hand it back with: chown -R %s: %s"
                      % (db, self.user, self.user, kiosk.data_dir), status.stderr)
        subprocess.run(["chown", "-R", "%s:" % self.user, kiosk.data_dir], check=True)
        status = self.as_user(self.sync_bin, "status", "--config", kiosk.config)
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("pending:  1", status.stdout)

    def test_a_token_file_root_wrote_by_hand_is_explained_with_its_owner_and_the_chown(self):
        kiosk = self.installed_kiosk("https://fhir.example.org/r4")
        token = os.path.join(kiosk.etc, "sync.token")
        kiosk.write_config("https://fhir.example.org/r4", auth="bearer", token_file=token)
        with open(token, "w") as f:  # `cat > sync.token` in a root shell, then chmod 600
            f.write("secret-token\n")
        os.chmod(token, 0o600)
        code, out, _ = kiosk.sync("check")
        self.assertEqual(code, 3)
        self.assertIn("[sync] token_file: cannot read %s: it belongs to root (mode 0600) and this program runs as "
                      "%s; hand it back with: chown -R %s: %s" % (token, self.user, self.user, token), out)
        os.chown(token, self.uid, self.gid)
        code, out, _ = kiosk.sync("check")
        self.assertIn("[ ok ] config", out)


if __name__ == "__main__":
    unittest.main()

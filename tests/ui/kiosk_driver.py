"""Drives the real alliance-kiosk under Xvfb with real X input events (xdotool), finding what to
tap through the UI tree the program writes (--ui-tree). Standard library only."""
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import time


class Xvfb:
    """A private X server; the display number is chosen by Xvfb itself (-displayfd)."""

    def __init__(self, width, height):
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        # Keep the read end open while Xvfb runs: it dies of a failed write once nobody reads.
        self.pipe = os.fdopen(read_fd)
        number = self.pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + number

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.pipe.close()


def write_config(path, data_dir, idle_seconds=60, still_there_seconds=20, partial="keep",
                 thanks_seconds=8, ask_visit_code=False, questionnaire="alliance-check",
                 therapists=(("alex", "Alex Rivera"), ("maria", "María López")), content_dir=None,
                 min_seconds_between_responses=0, default_language=None, override_dir=None):
    listed = ", ".join('{ id = "%s", name = "%s" }' % t for t in therapists)
    content = f'content_dir = "{content_dir}"\n' if content_dir else ""
    if default_language:
        content += f'default_language = "{default_language}"\n'
    if override_dir is not None:
        content += f'override_dir = "{override_dir}"\n'

    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""[kiosk]
id = "e2e-kiosk"
clinic_name = "Riverside Physio"
languages = ["en", "es"]
idle_seconds = {idle_seconds}
still_there_seconds = {still_there_seconds}
thanks_seconds = {thanks_seconds}
partial = "{partial}"
ask_visit_code = {"true" if ask_visit_code else "false"}
min_seconds_between_responses = {min_seconds_between_responses}
questionnaire = "{questionnaire}"
{content}therapists = [{listed}]

[staff]
pin_hash_file = "{data_dir}/staff.pin"

[storage]
dir = "{data_dir}"

[sync]
kind = "off"
""")


class Kiosk:
    def __init__(self, binary, display, workdir, size="1280x800", config=None, screenshots=None,
                 env=None, prefix=None):
        self.display = display
        self.tree_file = os.path.join(workdir, "tree.json")
        self.data_dir = os.path.join(workdir, "data")
        if config is None:
            config = os.path.join(workdir, "kiosk.toml")
            write_config(config, self.data_dir)
        # prefix: a command the kiosk runs under (e.g. taskset for the benchmark's shared core).
        args = list(prefix or []) + [binary, "--windowed", size, "--config", config, "--ui-tree", self.tree_file]
        if screenshots:
            args += ["--screenshot-dir", screenshots]
        full_env = dict(os.environ, DISPLAY=display, ALSOFT_DRIVERS="null")
        full_env.update(env or {})
        self.log = open(os.path.join(workdir, "kiosk.log"), "w+", encoding="utf-8")
        self.proc = subprocess.Popen(args, env=full_env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_for(lambda t: True, what="the first UI tree")
        # The window needs to be mapped before xdotool can click into it.
        self.window = None
        deadline = time.time() + 10
        while time.time() < deadline and not self.window:
            out = self.xdotool("search", "--name", "Alliance Kiosk", check=False).strip()
            self.window = out.splitlines()[0] if out else None
            time.sleep(0.05)
        if not self.window:
            raise AssertionError("the kiosk window never appeared")

    # --- the UI tree ------------------------------------------------------------------------
    def tree(self):
        try:
            with open(self.tree_file, encoding="utf-8") as f:
                return json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def wait_for(self, predicate, timeout=10.0, what="the screen"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the kiosk exited ({self.proc.returncode}) waiting for {what}:\n"
                                     + self.output())
            t = self.tree()
            if t is not None and predicate(t):
                return t
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}; last tree: {json.dumps(self.tree())}")

    def poll_until(self, predicate, timeout):
        """Like wait_for, but None on timeout."""
        try:
            return self.wait_for(predicate, timeout)
        except AssertionError:
            if self.proc.poll() is not None:
                raise
            return None

    def widget(self, widget_id, tree=None):
        for w in (tree or self.tree())["widgets"]:
            if w["id"] == widget_id:
                return w
        raise AssertionError(f"no widget {widget_id} on screen: {json.dumps(self.tree())}")

    def ids(self, tree=None):
        return [w["id"] for w in (tree or self.tree())["widgets"]]

    # --- real X input -----------------------------------------------------------------------
    def xdotool(self, *args, check=True):
        return subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=self.display),
                              check=check, capture_output=True, text=True).stdout

    def tap(self, widget_id, wait_change=True):
        """Clicks the middle of the widget and waits until the tree changes."""
        before = self.tree()
        w = self.widget(widget_id, before)
        if not w["enabled"]:
            raise AssertionError(f"{widget_id} is disabled")
        x, y = w["x"] + w["w"] // 2, w["y"] + w["h"] // 2
        self.xdotool("mousemove", "--window", self.window, str(x), str(y), "click", "1")
        if wait_change:
            return self.wait_for(lambda t: t != before, what=f"a change after tapping {widget_id}")
        return before

    def hold(self, widget_id, seconds):
        w = self.widget(widget_id)
        x, y = w["x"] + w["w"] // 2, w["y"] + w["h"] // 2
        self.xdotool("mousemove", "--window", self.window, str(x), str(y), "mousedown", "1")
        time.sleep(seconds)
        self.xdotool("mouseup", "1")

    def key(self, keysym):
        self.xdotool("key", "--window", self.window, keysym)

    # --- the end ----------------------------------------------------------------------------
    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def db(self):
        return sqlite3.connect(os.path.join(self.data_dir, "alliance.db"))


def answer_questionnaire(kiosk, language, therapist="maria", comment="hola"):
    """Completes the questionnaire from the welcome screen through taps only. Returns the answers
    given, as {linkId: value} (the code, the integer, "true"/"false", or the text)."""
    t = kiosk.wait_for(lambda t: t["screen"] == "welcome", what="welcome")
    if t["language"] != language:
        kiosk.tap("language:" + language)
    t = kiosk.tap("start")
    if t["screen"] == "therapist":
        t = kiosk.tap("therapist:" + therapist)
    return answer_questions(kiosk, t, comment)


def answer_questions(kiosk, t, comment):
    """From the first question to the thank-you screen."""
    given = {}
    for _ in range(60):
        if t["screen"] == "thanks":
            return given
        if t["screen"] != "question":
            raise AssertionError(f"unexpected screen {t['screen']}: {json.dumps(t)}")
        item = t["item"]
        answers = [w for w in t["widgets"] if w["id"].startswith(f"answer:{item}:")]
        if answers:
            # The second answer: not the default-looking first one, so a mix-up would show.
            choice = answers[min(1, len(answers) - 1)]
            given[item] = choice["id"].split(":", 2)[2]
            kiosk.tap(choice["id"])
            # A single choice moves on by itself after its highlight; a multiple one waits.
            moved = kiosk.poll_until(lambda n: n["item"] != item or n["screen"] != "question", 1.5)
            t = moved if moved else kiosk.tap("next")
            continue
        if any(w["id"].startswith("key:") for w in t["widgets"]):
            # Typing changes only the text field, which the tree leaves out (it is the
            # patient's answer): X delivers the clicks in order, the store check proves them.
            for ch in comment:
                if ch != ch.lower():  # a capital: shift, then the letter's key
                    kiosk.tap("key:shift", wait_change=False)
                    time.sleep(0.03)
                kiosk.tap("key:" + (ch.lower() if ch != " " else "space"), wait_change=False)
                time.sleep(0.03)
            given[item] = comment
            kiosk.tap("next")
            # Shift changes the keys' labels, so the tree may change before the screen does: wait
            # for the next screen itself.
            t = kiosk.wait_for(lambda n: n["item"] != item or n["screen"] != "question", what="the screen after "
                               + item)
            continue
        raise AssertionError(f"nothing to answer on {item}: {json.dumps(t)}")
    raise AssertionError("the questionnaire never ended")


@contextlib.contextmanager
def kiosk_on_xvfb(binary, workdir, size="1280x800", **kiosk_args):
    """A kiosk in its own Xvfb of the window's size; both stopped at the end of the block."""
    width, height = (int(v) for v in size.split("x"))
    x = Xvfb(width, height)
    kiosk = None
    try:
        kiosk = Kiosk(binary, x.display, workdir, size=size, **kiosk_args)
        yield kiosk
    finally:
        if kiosk:
            kiosk.close()
        x.close()


def make_workdir(name):
    root = os.environ.get("ALLIANCE_TEST_OUTPUT") or tempfile.gettempdir()
    path = os.path.join(root, name)
    subprocess.run(["rm", "-rf", path], check=True)
    os.makedirs(path)
    return path

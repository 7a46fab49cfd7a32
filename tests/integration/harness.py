"""Shared helpers for the integration tests: start memwatchd and other real servers on loopback,
fetch and parse the Prometheus text exposition, and skip only where skipping is allowed."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

MEMWATCHD = os.environ.get("MEMWATCHD", "memwatchd")
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")
IN_CI = os.environ.get("CI") == "true"
START_TIMEOUT_S = 10


def require_tool(name):
    """The tool's path; a skip where it is missing, or a failure under CI=true, where a skip
    would let the suite go green without testing anything."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (apt-get install the package that provides it)"
    if IN_CI:
        raise AssertionError(message + "; under CI=true this is a failure, not a skip")
    raise unittest.SkipTest(message)


class Daemon:
    """A memwatchd process on 127.0.0.1 with a kernel-chosen port, its stderr captured."""

    def __init__(self, *args, expect_start=True, command_prefix=(), journal=False, dbus=False,
                 listen_address="127.0.0.1:0"):
        """`command_prefix` runs memwatchd under another program, e.g. setpriv to drop root.
        The journal collector is off unless `journal`: it would read the host's journal and
        keep its position under /var/lib/memwatch; journal tests point it at their own. D-Bus is
        off unless `dbus`, for the same reason: D-Bus tests start a bus of their own."""
        self.log_file = tempfile.NamedTemporaryFile(prefix="memwatchd-", suffix=".log", delete=False)
        journal_args = () if journal else ("--no-collector.journal",)
        journal_args += () if dbus else ("--dbus.bus=none",)
        self.process = subprocess.Popen(
            [*command_prefix, MEMWATCHD, f"--web.listen-address={listen_address}", *journal_args,
             *args],
            stdout=subprocess.DEVNULL, stderr=self.log_file)
        self.port = None
        if expect_start:
            try:
                self.port = self._wait_for_port()
            except AssertionError:
                self.stop()  # no process or log file left behind by a daemon that never served
                raise

    def _wait_for_port(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            match = re.search(r"listening on https?://\S+:(\d+)/", self.log())
            if match:
                return int(match.group(1))
            if self.process.poll() is not None:
                raise AssertionError(f"memwatchd exited with {self.process.returncode}:\n{self.log()}")
            time.sleep(0.02)
        raise AssertionError(f"memwatchd did not start listening:\n{self.log()}")

    def log(self):
        with open(self.log_file.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def url(self, path="/metrics"):
        return f"http://127.0.0.1:{self.port}{path}"

    def scrape(self, path="/metrics"):
        return fetch(self.url(path))

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait(self, timeout=10):
        return self.process.wait(timeout=timeout)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.unlink(self.log_file.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_until(predicate, timeout=10, what="condition"):
    """predicate()'s first true result within `timeout` seconds, else an AssertionError naming
    `what` (a callable, so that the message shows the state at the timeout, or a text)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for "
                         f"{what() if callable(what) else what}")


def fetch(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url, process, timeout=START_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited with {process.returncode}")
        try:
            return fetch(url, timeout=2)
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer within {timeout} s")


SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


class Family:
    def __init__(self, name):
        self.name = name
        self.help = None
        self.type = "untyped"
        self.samples = []  # (name, {labels}, value)

    def label_names(self):
        return {frozenset(labels) for _, labels, _ in self.samples}


def parse_exposition(text):
    """Families by name from the text format, enough for comparing exporters."""
    families = {}

    def family(name):
        return families.setdefault(name, Family(name))

    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("# HELP "):
            name, _, help_text = line[7:].partition(" ")
            family(name).help = help_text
        elif line.startswith("# TYPE "):
            name, _, kind = line[7:].partition(" ")
            family(name).type = kind
        elif line.startswith("#"):
            continue
        else:
            match = SAMPLE_RE.match(line)
            if not match:
                raise AssertionError(f"unparsable sample line: {line!r}")
            name, _, labels, value = match.groups()
            owner = name
            for suffix in ("_sum", "_count", "_bucket"):
                if name.endswith(suffix) and name[: -len(suffix)] in families:
                    owner = name[: -len(suffix)]
            family(owner).samples.append((name, dict(LABEL_RE.findall(labels or "")), float(value)))
    return families


def value(families, name, **labels):
    for _, sample_labels, sample_value in families[name].samples:
        if all(sample_labels.get(k) == v for k, v in labels.items()):
            return sample_value
    raise KeyError(f"{name}{labels}")


def series(daemon, family, label="producer"):
    """{value of `label`: sample value} of one family in a scrape of `daemon`; {} when the
    family is absent."""
    families = parse_exposition(daemon.scrape())
    if family not in families:
        return {}
    return {labels.get(label, ""): value for _, labels, value in families[family].samples}


def main():
    """unittest.main, but exit 77 (ctest's SKIP_RETURN_CODE) when something was skipped, so a
    skip shows as a skip in ctest instead of a pass."""
    program = unittest.main(exit=False)
    result = program.result
    if not result.wasSuccessful():
        raise SystemExit(1)
    if result.skipped:
        raise SystemExit(77)
    raise SystemExit(0)

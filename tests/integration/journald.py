"""A private systemd-journald namespace for a test: the real journald, started by the test on its
own sockets, read back with journalctl --namespace. Needs root. A namespace journald exits after
about 30 s without clients, so a stream connection to its stdout socket is held open throughout."""

import json
import os
import shutil
import socket
import subprocess
import time

JOURNALD = "/lib/systemd/systemd-journald"


class NamespaceJournald:
    def __init__(self, namespace):
        self.namespace = namespace
        self.socket_dir = f"/run/systemd/journal.{namespace}"
        self.process = subprocess.Popen([JOURNALD, namespace], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(self.socket_dir, "stdout")):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"journald for namespace {namespace} did not start")
            time.sleep(0.02)
        self.keepalive = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.keepalive.connect(os.path.join(self.socket_dir, "stdout"))

    def command_prefix(self, scratch_dir):
        """Runs a command in a mount namespace whose /run/systemd/journal is this namespace's
        sockets, so that sd_journal_send() and friends write here and not to the host's journal.
        The command follows the prefix as "$@"."""
        parked = os.path.join(scratch_dir, "journal-sockets")
        os.makedirs(parked, exist_ok=True)
        script = (f'mount --bind {self.socket_dir} {parked}; '
                  'mount -t tmpfs tmpfs /run/systemd; mkdir /run/systemd/journal; '
                  f'mount --bind {parked} /run/systemd/journal; exec "$@"')
        return ("unshare", "--mount", "--propagation", "private", "sh", "-ec", script, "sh")

    def entries(self, *matches):
        output = subprocess.run(
            ["journalctl", f"--namespace={self.namespace}", "--no-pager", "-o", "json", *matches],
            capture_output=True, text=True, check=True).stdout
        return [json.loads(line) for line in output.splitlines() if line.strip()]

    def stop(self):
        self.keepalive.close()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        with open("/etc/machine-id", encoding="ascii") as f:
            machine_id = f.read().strip()
        for root in ("/var/log/journal", "/run/log/journal"):
            shutil.rmtree(os.path.join(root, f"{machine_id}.{self.namespace}"), ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

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
    def __init__(self, namespace, config=None):
        """`config` is the [Journal] section for this namespace only (journald@NS.conf)."""
        self.namespace = namespace
        self.socket_dir = f"/run/systemd/journal.{namespace}"
        self.config_path = f"/etc/systemd/journald@{namespace}.conf"
        if config is not None:
            with open(self.config_path, "w", encoding="utf-8") as f:
                f.write("[Journal]\n" + config)
        self.process = None
        self.keepalive = None
        self.start()

    def start(self):
        self.process = subprocess.Popen([JOURNALD, self.namespace], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                keepalive = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                keepalive.connect(os.path.join(self.socket_dir, "stdout"))
                # The native socket, which send() writes to, may be bound after the stdout one.
                if not os.path.exists(os.path.join(self.socket_dir, "socket")):
                    raise OSError("no native socket yet")
                self.keepalive = keepalive
                self._wait_for_start_up_entries()
                return
            except OSError:
                keepalive.close()
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    self.process.wait()
                    raise AssertionError(f"journald for namespace {self.namespace} did not start")
                time.sleep(0.02)

    def _wait_for_start_up_entries(self):
        """journald writes entries of its own as it starts ("Journal started", its disk use).
        Tests count what memwatchd reads from the tail on: these must be in before it opens."""
        deadline = time.monotonic() + 10
        last = -1
        while time.monotonic() < deadline:
            count = self.count()
            if count > 0 and count == last:
                return
            last = count
            time.sleep(0.2)
        self.stop()  # no journald or configuration left behind by a test that never started
        raise AssertionError(f"journald for namespace {self.namespace} wrote nothing of its own")

    def restart(self):
        self.keepalive.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.start()

    def send(self, fields):
        """One entry over the native protocol; values may hold newlines or any bytes."""
        payload = b""
        for key, value in fields.items():
            value = value if isinstance(value, bytes) else str(value).encode()
            if b"\n" in value:
                payload += key.encode() + b"\n" + len(value).to_bytes(8, "little") + value + b"\n"
            else:
                payload += key.encode() + b"=" + value + b"\n"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(payload, os.path.join(self.socket_dir, "socket"))

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

    def count(self, *matches):
        output = subprocess.run(
            ["journalctl", f"--namespace={self.namespace}", "--no-pager", "-o", "cat",
             "--output-fields=_BOOT_ID", *matches],
            capture_output=True, text=True, check=True).stdout
        return len(output.splitlines())

    def stop(self):
        self.keepalive.close()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        if os.path.exists(self.config_path):
            os.unlink(self.config_path)
        with open("/etc/machine-id", encoding="ascii") as f:
            machine_id = f.read().strip()
        for root in ("/var/log/journal", "/run/log/journal"):
            shutil.rmtree(os.path.join(root, f"{machine_id}.{self.namespace}"), ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

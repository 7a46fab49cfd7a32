"""A real prometheus-alertmanager on 127.0.0.1 for a test: its own configuration (every alert
routed to a receiver that sends nothing), its own storage directory, clustering off. Stopped and
started again on the same port by the tests that need it down for a while."""

import json
import os
import signal
import subprocess
import tempfile

import harness

CONFIG = """route:
  receiver: "null"
  group_wait: 1s
receivers:
  - name: "null"
"""


class Alertmanager:
    def __init__(self):
        self.binary = harness.require_tool("prometheus-alertmanager")
        self.tmp = tempfile.TemporaryDirectory(prefix="memwatch-alertmanager-")
        self.config = os.path.join(self.tmp.name, "alertmanager.yml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(CONFIG)
        self.port = harness.free_port()
        self.process = None
        self.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.log = open(os.path.join(self.tmp.name, "alertmanager.log"), "ab")
        self.process = subprocess.Popen(
            [self.binary, f"--config.file={self.config}",
             f"--storage.path={os.path.join(self.tmp.name, 'data')}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--cluster.listen-address=",
             "--log.level=warn"],
            stdout=subprocess.DEVNULL, stderr=self.log)
        harness.wait_for_http(self.url + "/-/ready", self.process)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def alerts(self, alertname=None):
        """The alerts it holds that have not ended (API v2 leaves resolved ones out)."""
        alerts = json.loads(harness.fetch(self.url + "/api/v2/alerts"))
        return [a for a in alerts if alertname is None or a["labels"].get("alertname") == alertname]

    def close(self):
        self.stop()
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

"""A real Prometheus (Debian's `prometheus`) for a test or a benchmark: on 127.0.0.1 with a port of
its own, its configuration and storage in a temporary directory, queried over its HTTP API."""

import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.parse

import harness
import yaml  # python3-yaml


class PrometheusError(AssertionError):
    pass


class PrometheusServer:
    def __init__(self, scrape_configs, scrape_interval="1s", rule_files=(), extra_args=(),
                 self_job=None):
        """`scrape_configs` is the list under `scrape_configs:` (dicts, as in prometheus.yml);
        the scrape timeout is the interval. `rule_files` are loaded and evaluated at the same
        interval. A job named `self_job` scrapes Prometheus' own /metrics (its TSDB and rule
        evaluation counters are only queryable that way); its port is known only here."""
        self.binary = harness.require_tool("prometheus")
        self.work = tempfile.TemporaryDirectory(prefix="memwatch-prometheus-")
        self.config_path = os.path.join(self.work.name, "prometheus.yml")
        self.port = harness.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        scrape_configs = list(scrape_configs)
        if self_job:
            scrape_configs.append({"job_name": self_job,
                                   "static_configs": [{"targets": [f"127.0.0.1:{self.port}"]}]})
        config = {"global": {"scrape_interval": scrape_interval,
                             "scrape_timeout": scrape_interval,
                             "evaluation_interval": scrape_interval},
                  "scrape_configs": scrape_configs}
        if rule_files:
            config["rule_files"] = [os.path.abspath(path) for path in rule_files]
        with open(self.config_path, "w", encoding="utf-8") as f:
            yaml.safe_dump(config, f, sort_keys=False)
        self.log_path = os.path.join(self.work.name, "prometheus.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [self.binary, f"--config.file={self.config_path}",
                 f"--storage.tsdb.path={os.path.join(self.work.name, 'data')}",
                 f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn",
                 *extra_args],
                stdout=subprocess.DEVNULL, stderr=log)
        try:
            harness.wait_for_http(self.url + "/-/ready", self.process, timeout=60)
        except AssertionError:
            self.stop()
            raise

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def api(self, path, **params):
        """The `data` of an /api/v1 answer; a PrometheusError with Prometheus' own error text
        (a PromQL syntax error, say) when it refuses."""
        url = f"{self.url}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            answer = json.loads(harness.fetch(url, timeout=30))
        except urllib.error.HTTPError as error:
            answer = json.loads(error.read().decode("utf-8", errors="replace") or "{}")
        if answer.get("status") != "success":
            raise PrometheusError(f"{path} {params}: {answer.get('errorType')}: "
                                  f"{answer.get('error')}")
        return answer["data"]

    def query(self, expression, **params):
        """The result list of an instant query: [{"metric": {...}, "value": [t, "v"]}, ...]."""
        return self.api("query", query=expression, **params)["result"]

    def query_range(self, expression, start, end, step):
        return self.api("query_range", query=expression, start=start, end=end, step=step)["result"]

    def values(self, expression):
        """The sample values of an instant query, as strings."""
        return [sample["value"][1] for sample in self.query(expression)]

    def targets(self):
        return self.api("targets")["activeTargets"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.work.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

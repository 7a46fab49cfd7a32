"""The daemon's contract with its operator: clean stop on SIGTERM, SIGHUP reloads (and refuses a
broken config while serving on), bad flags and config exit 2 naming what is wrong, a port in use
is a clear error, and a broken input fails only its own collector."""

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error

import harness


def write_config(directory, text, name="memwatchd.yml"):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


wait_until = harness.wait_until


def run_to_exit(*args, timeout=10):
    return subprocess.run([harness.MEMWATCHD, *args], capture_output=True, text=True,
                          timeout=timeout)


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_sigterm_exits_zero(self):
        daemon = harness.Daemon()
        try:
            self.assertIn("node_memory_MemTotal_bytes", daemon.scrape())
            daemon.signal(signal.SIGTERM)
            self.assertEqual(daemon.wait(), 0)
            self.assertIn("received SIGTERM", daemon.log())
        finally:
            daemon.stop()

    def test_sigint_exits_zero(self):
        daemon = harness.Daemon()
        try:
            daemon.scrape()
            daemon.signal(signal.SIGINT)
            self.assertEqual(daemon.wait(), 0)
            self.assertIn("received SIGINT", daemon.log())
        finally:
            daemon.stop()

    def test_tells_the_service_manager_ready_status_watchdog_and_stopping(self):
        notify_path = os.path.join(self.tmp.name, "notify")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
            notify.bind(notify_path)
            notify.settimeout(0.2)
            env = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC="200000")
            with open(os.path.join(self.tmp.name, "log"), "w") as log:
                process = subprocess.Popen(
                    [harness.MEMWATCHD, "--web.listen-address=127.0.0.1:0",
                     "--no-collector.journal"], env=env, stdout=subprocess.DEVNULL, stderr=log)
            messages = []
            try:
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and messages.count("WATCHDOG=1") < 3:
                    try:
                        messages.extend(notify.recv(4096).decode().splitlines())
                    except socket.timeout:
                        pass
                process.send_signal(signal.SIGTERM)
                self.assertEqual(process.wait(timeout=10), 0)
                while True:
                    try:
                        messages.extend(notify.recv(4096).decode().splitlines())
                    except socket.timeout:
                        break
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        self.assertIn("READY=1", messages)
        self.assertTrue(any(m.startswith("STATUS=serving") for m in messages), messages)
        # WatchdogSec=0.2 s asks for a ping at least every 0.1 s; three came within 10 s.
        self.assertGreaterEqual(messages.count("WATCHDOG=1"), 3, messages)
        self.assertIn("STOPPING=1", messages)
        self.assertLess(messages.index("READY=1"), messages.index("STOPPING=1"))

    def test_serves_metrics_on_the_telemetry_path_only(self):
        with harness.Daemon() as daemon:
            for path in ("/metricsfoo", "/metrics/x", "/nothing"):
                with self.assertRaises(urllib.error.HTTPError) as refused:
                    harness.fetch(daemon.url(path))
                self.assertEqual(refused.exception.code, 404, path)
            self.assertIn("memwatchd", harness.fetch(daemon.url("/")))

    def test_idle_kept_alive_connections_do_not_lock_others_out(self):
        with harness.Daemon() as daemon:
            idle = []
            try:
                for _ in range(4):  # an HA pair of Prometheus servers and more, all idle now
                    connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
                    connection.request("GET", "/metrics")
                    connection.getresponse().read()
                    idle.append(connection)
                started = time.monotonic()
                self.assertIn("node_memory_MemTotal_bytes", harness.fetch(daemon.url(), timeout=5))
                self.assertLess(time.monotonic() - started, 5)
            finally:
                for connection in idle:
                    connection.close()

    def test_sighup_reloads_and_keeps_serving_on_a_broken_config(self):
        config = write_config(self.tmp.name, "collector:\n  vmstat: true\n")
        with harness.Daemon(f"--config.file={config}") as daemon:
            self.assertIn('node_scrape_collector_success{collector="vmstat"} 1', daemon.scrape())

            write_config(self.tmp.name, "collector:\n  vmstat: false\n")
            daemon.signal(signal.SIGHUP)
            wait_until(lambda: 'collector="vmstat"' not in daemon.scrape(), what="vmstat disabled")

            write_config(self.tmp.name, "collector:\n  vmstat: true\n  bogus: 1\n")
            daemon.signal(signal.SIGHUP)
            wait_until(lambda: "reload refused" in daemon.log(), what="reload refused")
            self.assertIn(f"{config}:3: unknown key 'collector.bogus'", daemon.log())
            metrics = daemon.scrape()
            self.assertIn("node_memory_MemTotal_bytes", metrics)
            self.assertNotIn('collector="vmstat"', metrics, "the broken config was applied")
            self.assertIsNone(daemon.process.poll())

    def test_flags_win_over_config_after_reload(self):
        config = write_config(self.tmp.name, "collector:\n  pressure: true\n")
        with harness.Daemon(f"--config.file={config}", "--no-collector.pressure") as daemon:
            self.assertNotIn('collector="pressure"', daemon.scrape())
            daemon.signal(signal.SIGHUP)
            wait_until(lambda: "configuration reloaded" in daemon.log(), what="reload")
            self.assertNotIn('collector="pressure"', daemon.scrape())

    def test_unknown_flag_exits_two_naming_it(self):
        result = run_to_exit("--web.listen-adress=:1")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--web.listen-adress", result.stderr)

    def test_bad_flag_value_exits_two_naming_it(self):
        result = run_to_exit("--web.listen-address=localhost:1")
        self.assertEqual(result.returncode, 2)
        self.assertIn("flag --web.listen-address", result.stderr)

    def test_bad_config_exits_two_naming_file_line_and_key(self):
        config = write_config(self.tmp.name, "web:\n  telemetry-path: /metrics\nlog:\n  levle: debug\n")
        result = run_to_exit(f"--config.file={config}")
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"{config}:4: unknown key 'log.levle'", result.stderr)

    def test_missing_config_exits_two(self):
        result = run_to_exit(f"--config.file={self.tmp.name}/absent.yml")
        self.assertEqual(result.returncode, 2)
        self.assertIn("absent.yml", result.stderr)

    def test_help_and_version(self):
        help_result = run_to_exit("--help")
        self.assertEqual(help_result.returncode, 0)
        self.assertIn("--collector.vmstat.fields", help_result.stdout)
        version = run_to_exit("--version")
        self.assertEqual(version.returncode, 0)
        self.assertRegex(version.stdout, r"^memwatchd \d+\.\d+\.\d+ \(revision \S+\)")

    def test_broken_inputs_fail_only_their_collector_and_log_once(self):
        procfs = f"{harness.FIXTURES}/edge/garbage"
        with harness.Daemon(f"--path.procfs={procfs}") as daemon:
            for _ in range(5):
                families = harness.parse_exposition(daemon.scrape())
            for collector in ("meminfo", "vmstat", "pressure", "buddyinfo"):
                self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                               collector=collector), 0, collector)
            self.assertIn("process_resident_memory_bytes", families)
            log = daemon.log()
            self.assertEqual(log.count("collector meminfo failed"), 1, log)
            self.assertIn("edge/garbage/meminfo: line 2", log)
            self.assertNotIn("\x00", log)

    def test_missing_psi_is_no_data_logged_once(self):
        procfs = f"{harness.FIXTURES}/edge/no-pressure"
        with harness.Daemon(f"--path.procfs={procfs}") as daemon:
            for _ in range(3):
                families = harness.parse_exposition(daemon.scrape())
            self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                           collector="pressure"), 0)
            self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                           collector="meminfo"), 1)
            self.assertEqual(daemon.log().count("CONFIG_PSI"), 1, daemon.log())


if __name__ == "__main__":
    harness.main()

"""The alert sinks end to end: a real prometheus-alertmanager on loopback receives the journal
flood and OOM kill alerts through memwatchd's pushes (checked through its API v2), a flood's end
and an OOM kill's hold running out resolve them, alerts.command runs with the event in its
environment, and Alertmanager stopped and started again under load: scrapes and OOM latency
unaffected, the bound kept, drops and failures counted, the alerts there once it is back. Needs
root (a journald namespace, a memory cgroup)."""

import datetime
import json
import os
import sys
import tempfile
import time
import unittest

import harness
from alertmanager import Alertmanager
from journald import NamespaceJournald
from memory_cgroup import MemoryCgroup, require_root

FLOOD_ARGS = ("--collector.journal.flood-window=1s",
              "--collector.journal.flood-entries-per-second=50")


wait_until = harness.wait_until


def seconds_from_now(rfc3339):
    moment = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    return moment.timestamp() - time.time()


def alert_metric(daemon, family, sink):
    families = harness.parse_exposition(daemon.scrape())
    if family not in families:
        return None
    return harness.value(families, family, sink=sink)


class AlertsTest(unittest.TestCase):
    def setUp(self):
        require_root()
        harness.require_tool("journalctl")
        harness.require_tool("unshare")
        self.alertmanager = Alertmanager()
        self.addCleanup(self.alertmanager.close)
        self.namespace = f"memwatch-alerts-{os.getpid()}-{self._testMethodName[-8:]}"
        self.journal = NamespaceJournald(self.namespace, config="RateLimitIntervalSec=0\n")
        self.addCleanup(self.journal.stop)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def daemon(self, *args):
        """memwatchd reading the test's journal namespace and writing its own journal records
        there too, pushing to the test's Alertmanager every second."""
        return harness.Daemon(
            f"--collector.journal.namespace={self.namespace}",
            f"--collector.journal.state-file={os.path.join(self.tmp.name, 'cursor')}",
            f"--alerts.alertmanager-url={self.alertmanager.url}", "--alerts.resend-interval=1s",
            *args, journal=True, command_prefix=self.journal.command_prefix(self.tmp.name))

    def flood(self, producer, count=300):
        for _ in range(count):
            self.journal.send({"MESSAGE": "x", "SYSLOG_IDENTIFIER": producer, "PRIORITY": 6})


class FloodAndCommand(AlertsTest):
    def test_a_flood_fires_and_its_end_resolves_it_and_the_command_runs_for_both(self):
        envs = os.path.join(self.tmp.name, "envs")
        os.mkdir(envs)
        command = os.path.join(self.tmp.name, "alert.sh")
        with open(command, "w", encoding="utf-8") as f:
            f.write(f"#!/bin/sh\nenv > {envs}/.$$ && mv {envs}/.$$ {envs}/$$\n")
        os.chmod(command, 0o755)
        # The oom collector off: an OOM kill by another test running at the same time would run
        # the command too.
        with self.daemon(*FLOOD_ARGS, f"--alerts.command={command}",
                         "--alerts.instance=test-host", "--no-collector.oom") as daemon:
            started = time.monotonic()
            self.flood("flooder")
            alert = wait_until(lambda: self.alertmanager.alerts("MemwatchJournalFlood"), 10,
                               lambda: f"the flood alert:\n{daemon.log()[-2000:]}")[0]
            arrived = time.monotonic() - started
            print(f"flood: first entry to alert in Alertmanager {arrived:.2f} s", file=sys.stderr)
            self.assertEqual(alert["labels"]["producer"], "flooder")
            self.assertEqual(alert["labels"]["instance"], "test-host")
            self.assertEqual(alert["labels"]["severity"], "warning")
            self.assertEqual(alert["status"]["state"], "active")
            self.assertGreaterEqual(float(alert["annotations"]["entries_per_second"]), 50)
            self.assertIn("journal flood started: flooder", alert["annotations"]["description"])
            # endsAt = now + 4 x the resend interval, renewed every second.
            self.assertLess(seconds_from_now(alert["endsAt"]), 4.5)
            self.assertGreater(seconds_from_now(alert["endsAt"]), 1)
            time.sleep(2)
            again = self.alertmanager.alerts("MemwatchJournalFlood")
            self.assertEqual(len(again), 1)
            self.assertGreater(seconds_from_now(again[0]["endsAt"]), 1)

            # No more entries: the flood ends at the journal housekeeping (at most 10 s on).
            wait_until(lambda: not self.alertmanager.alerts("MemwatchJournalFlood"), 25,
                       lambda: f"the flood alert to resolve:\n{daemon.log()[-2000:]}")
            print(f"flood: start to resolved in Alertmanager {time.monotonic() - started:.1f} s",
                  file=sys.stderr)

            def runs():
                found = []
                for name in os.listdir(envs):
                    if name.startswith("."):
                        continue
                    with open(os.path.join(envs, name), encoding="utf-8") as f:
                        found.append(dict(line.split("=", 1) for line in f.read().splitlines()
                                          if "=" in line))
                return found
            found = wait_until(lambda: len(runs()) == 2 and runs(), 5, lambda: runs())
            by_state = {env["MEMWATCH_FLOOD"]: env for env in found}
            self.assertEqual(set(by_state), {"started", "ended"})
            for env in found:
                self.assertEqual(env["MEMWATCH_EVENT"], "journal_flood")
                self.assertEqual(env["MEMWATCH_PRODUCER"], "flooder")
                self.assertEqual(env["MEMWATCH_INSTANCE"], "test-host")
                self.assertRegex(env["MEMWATCH_TIME"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
                self.assertNotIn("HOME", env)
            self.assertIn("journal flood started: flooder", by_state["started"]["MEMWATCH_MESSAGE"])
            wait_until(lambda: alert_metric(daemon, "memwatch_alerts_sent_total", "command") == 2,
                       5, "two commands counted")
            self.assertEqual(alert_metric(daemon, "memwatch_alerts_failed_total", "command"), 0)
            self.assertGreater(alert_metric(daemon, "memwatch_alerts_sent_total", "alertmanager"),
                               2)
            self.assertEqual(alert_metric(daemon, "memwatch_alerts_failed_total", "alertmanager"),
                             0)


class OomKill(AlertsTest):
    def test_an_oom_kill_fires_with_its_victim_and_resolves_when_its_hold_runs_out(self):
        with self.daemon("--alerts.oom-kill-hold=3s") as daemon, \
                MemoryCgroup(self.namespace, 32 << 20) as cgroup:
            pid, died = cgroup.run_to_oom(allocate_mib=256)
            alerts = wait_until(lambda: [a for a in self.alertmanager.alerts("MemwatchOOMKill")
                                         if a["annotations"].get("pid") == str(pid)], 10,
                                lambda: f"the OOM alert:\n{daemon.log()[-2000:]}")
            print(f"OOM: kill to alert in Alertmanager {time.monotonic() - died:.3f} s",
                  file=sys.stderr)
            alert = alerts[0]
            self.assertEqual(alert["labels"]["comm"], "python3")  # a cgroup of no unit
            self.assertEqual(alert["labels"]["killer"], "kernel")
            self.assertEqual(alert["labels"]["severity"], "critical")
            self.assertEqual(alert["annotations"]["comm"], "python3")
            self.assertEqual(alert["annotations"]["cgroup"], cgroup.kernel_path)
            self.assertEqual(alert["annotations"]["constraint"], "memcg")
            self.assertEqual(alert["annotations"]["uid"], "0")
            self.assertGreater(int(alert["annotations"]["anon_rss_bytes"]), 16 << 20)
            self.assertIn(f"OOM kill of python3 (pid {pid})", alert["annotations"]["summary"])
            wait_until(lambda: not [a for a in self.alertmanager.alerts("MemwatchOOMKill")
                                    if a["annotations"].get("pid") == str(pid)], 10,
                       "the OOM alert to resolve after its 3 s hold")
            print(f"OOM: kill to resolved {time.monotonic() - died:.1f} s", file=sys.stderr)


class AlertmanagerDown(AlertsTest):
    def test_alertmanager_stopped_and_started_again_under_load(self):
        with self.daemon(*FLOOD_ARGS, "--alerts.queue=5") as daemon:
            self.alertmanager.stop()
            scrape_times = []

            def scrape():
                started = time.monotonic()
                families = harness.parse_exposition(daemon.scrape())
                scrape_times.append(time.monotonic() - started)
                return families

            for i in range(20):
                self.flood(f"flooder-{i}", count=100)
                families = scrape()
                if "memwatch_alerts_queue_length" in families:
                    self.assertLessEqual(harness.value(families, "memwatch_alerts_queue_length",
                                                       sink="alertmanager"), 5)
            wait_until(lambda: alert_metric(daemon, "memwatch_alerts_dropped_total",
                                            "alertmanager") >= 15, 10,
                       lambda: f"15 alerts dropped: {daemon.scrape()}")
            wait_until(lambda: alert_metric(daemon, "memwatch_alerts_failed_total",
                                            "alertmanager") > 0, 10, "a failed POST counted")

            with MemoryCgroup(self.namespace, 32 << 20) as cgroup:
                pid, died = cgroup.run_to_oom(allocate_mib=256)
                listed = wait_until(lambda: [k for k in json.loads(
                    daemon.scrape("/api/v1/oom-kills")) if k["pid"] == pid], 1,
                    f"pid {pid} in /api/v1/oom-kills within 1 s")
                self.assertTrue(listed)
                latency = time.monotonic() - died
            for _ in range(10):
                families = scrape()
                self.assertLessEqual(harness.value(families, "memwatch_alerts_queue_length",
                                                   sink="alertmanager"), 5)
                time.sleep(0.1)
            failed_before = alert_metric(daemon, "memwatch_alerts_failed_total", "alertmanager")
            print(f"Alertmanager down: kill to /api/v1/oom-kills {latency * 1000:.0f} ms, "
                  f"{len(scrape_times)} scrapes, slowest {max(scrape_times) * 1000:.1f} ms, "
                  f"dropped {alert_metric(daemon, 'memwatch_alerts_dropped_total', 'alertmanager')}"
                  f", failed {failed_before}", file=sys.stderr)
            self.assertLess(max(scrape_times), 1.0)

            down_since = time.monotonic()
            self.alertmanager.start()
            alerts = wait_until(lambda: [a for a in self.alertmanager.alerts("MemwatchOOMKill")
                                         if a["annotations"].get("pid") == str(pid)], 10,
                                lambda: f"the OOM alert after the restart:\n{daemon.log()[-2000:]}")
            print(f"Alertmanager back: OOM alert there {time.monotonic() - down_since:.2f} s after "
                  "its start", file=sys.stderr)
            self.assertEqual(alerts[0]["labels"]["alertname"], "MemwatchOOMKill")
            # Never more than the bound: 5 alerts held, whatever the floods did meanwhile.
            self.assertLessEqual(len(self.alertmanager.alerts()), 5)
            self.assertIn("cannot send alerts", daemon.log())
            # Logged once the POST's answer is in, which may be just after Alertmanager lists
            # the alert.
            wait_until(lambda: "sending again after" in daemon.log(), 5,
                       lambda: f"the recovery logged:\n{daemon.log()[-2000:]}")


if __name__ == "__main__":
    harness.main()

"""The OOM watchdog end to end: a captured kernel log replayed through --path.kmsg, a kernel log
memwatchd may not read, and a real kernel OOM kill in a memory cgroup (root only; under CI=true
it must run)."""

import json
import os
import re
import shutil
import tempfile
import time
import unittest

import harness
from journald import NamespaceJournald
from memory_cgroup import MemoryCgroup, require_root

REPLAY = os.path.join(harness.FIXTURES, "kmsg", "rate-limited.kmsg")
PROCFS = os.path.join(harness.FIXTURES, "proc")
OOM_MESSAGE_ID = "07cffaa84d8a4edf89399c244493d62e"


def total_kills(families):
    return sum(v for _, _, v in families["memwatch_oom_kills_total"].samples)


class Replay(unittest.TestCase):
    def test_captured_log_is_counted_listed_and_not_announced(self):
        with harness.Daemon(f"--path.procfs={PROCFS}", f"--path.kmsg={REPLAY}") as daemon:
            kills = json.loads(daemon.scrape("/api/v1/oom-kills"))
            self.assertEqual([k["pid"] for k in kills], [7005, 7003, 7002, 7001])  # newest first
            first = kills[-1]
            self.assertEqual(first["comm"], "Web Content")
            self.assertEqual(first["unit"], "app-firefox.scope")
            self.assertEqual(first["constraint"], "memcg")
            self.assertEqual(first["killer"], "kernel")
            self.assertEqual(first["uid"], 1000)
            self.assertEqual(first["anon_rss_bytes"], 1500000 * 1024)
            self.assertEqual(first["oom_score_adj"], 100)
            self.assertEqual(first["invoked_by"], "Web Content")
            self.assertRegex(first["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertEqual(kills[2]["comm"], "my (odd) app")

            families = harness.parse_exposition(daemon.scrape())
            self.assertEqual(total_kills(families), 4)
            self.assertEqual(harness.value(families, "memwatch_oom_kills_total",
                                           killer="kernel", constraint="memcg"), 3)
            self.assertEqual(harness.value(families, "memwatch_oom_kills_by_unit_total",
                                           unit="app-firefox.scope"), 1)
            self.assertEqual(harness.value(families, "memwatch_kmsg_records_lost_total"), 2)
            self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                           collector="oom"), 1)
            # Replayed kills are history: counted and listed, never announced as new.
            self.assertNotIn("OOM kill:", daemon.log())

    def test_unreadable_kernel_log_fails_only_the_oom_collector(self):
        require_root()  # to drop to an unprivileged user
        setpriv = harness.require_tool("setpriv")
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o755)
            kmsg = os.path.join(tmp, "kmsg")
            with open("/proc/sys/kernel/dmesg_restrict", encoding="ascii") as f:
                restricted = f.read().strip() == "1"
            if restricted:
                kmsg = "/dev/kmsg"  # the real thing: EPERM without CAP_SYSLOG
            else:
                shutil.copy(REPLAY, kmsg)
                os.chmod(kmsg, 0)
            nobody = ("--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                      "--bounding-set=-all")
            with harness.Daemon(f"--path.kmsg={kmsg}",
                                command_prefix=(setpriv, *nobody)) as daemon:
                families = harness.parse_exposition(daemon.scrape())
                self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                               collector="oom"), 0)
                self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                               collector="meminfo"), 1)
                self.assertNotIn("memwatch_oom_kills_total", families)
                daemon.scrape()
                errors = re.findall(r"error .*cannot read " + re.escape(kmsg), daemon.log())
                self.assertEqual(len(errors), 1, daemon.log())
                if kmsg == "/dev/kmsg":
                    self.assertIn("CAP_SYSLOG", daemon.log())


class RealKill(unittest.TestCase):
    def test_kernel_oom_kill_in_a_memory_cgroup(self):
        require_root()
        harness.require_tool("journalctl")
        harness.require_tool("unshare")
        namespace = f"memwatch-test-{os.getpid()}"
        with NamespaceJournald(namespace) as journal, tempfile.TemporaryDirectory() as scratch, \
                harness.Daemon(command_prefix=journal.command_prefix(scratch)) as daemon:
            before = harness.parse_exposition(daemon.scrape())
            kills_before = total_kills(before)
            vmstat_before = harness.value(before, "node_vmstat_oom_kill")
            with MemoryCgroup(namespace, 32 << 20) as cgroup:
                pid, _ = cgroup.run_to_oom(allocate_mib=256)
                deadline = time.monotonic() + 1.0
                listed = []
                while time.monotonic() < deadline and not listed:
                    listed = [k for k in json.loads(daemon.scrape("/api/v1/oom-kills"))
                              if k["pid"] == pid]
                    time.sleep(0.01)
                self.assertTrue(listed, f"pid {pid} not in /api/v1/oom-kills within 1 s")
                kill = listed[0]
                self.assertEqual(kill["comm"], "python3")
                self.assertEqual(kill["cgroup"], cgroup.kernel_path)
                self.assertEqual(kill["constraint"], "memcg")
                self.assertEqual(kill["uid"], 0)
                self.assertGreater(kill["anon_rss_bytes"], 16 << 20)

                after = harness.parse_exposition(daemon.scrape())
                self.assertEqual(total_kills(after), kills_before + 1)
                self.assertEqual(harness.value(after, "node_vmstat_oom_kill"), vmstat_before + 1)
                self.assertIsNotNone(after.get("memwatch_oom_last_kill_timestamp_seconds"))
                self.assertIn(f"OOM kill: pid {pid} (python3)", daemon.log())

            records = journal.entries(f"MESSAGE_ID={OOM_MESSAGE_ID}", f"OOM_PID={pid}")
            self.assertEqual(len(records), 1, "one journal record per new kill")
            self.assertEqual(records[0]["OOM_COMM"], "python3")
            self.assertEqual(records[0]["OOM_CGROUP"], cgroup.kernel_path)
            self.assertEqual(records[0]["OOM_CONSTRAINT"], "memcg")
            self.assertEqual(records[0]["PRIORITY"], "4")
            self.assertIn(f"OOM kill: pid {pid} (python3)", records[0]["MESSAGE"])


if __name__ == "__main__":
    harness.main()

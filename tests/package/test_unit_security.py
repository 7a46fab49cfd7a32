"""systemd/memwatchd.service keeps its hardening: `systemd-analyze security --offline=yes` rates
it at most 1.5 (issue 10), and the options memwatchd needs to work are still there."""

import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness  # noqa: E402

UNIT = os.path.join(harness.SOURCE_DIR, "systemd", "memwatchd.service")
MAXIMUM_EXPOSURE = 1.5


def unit_settings():
    """Each `Key=value` line of the unit, values of a key repeated kept in order."""
    settings = {}
    with open(UNIT, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", "[")):
                continue
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


class UnitSecurity(unittest.TestCase):
    def test_exposure_is_at_most_the_bound(self):
        analyze = harness.require_tool("systemd-analyze")
        result = subprocess.run([analyze, "security", "--offline=yes", "--no-pager", UNIT],
                                capture_output=True, text=True, timeout=60)
        output = result.stdout + result.stderr
        match = re.search(r"Overall exposure level for memwatchd\.service: (\d+\.\d)", output)
        self.assertIsNotNone(match, f"no overall exposure level in:\n{output}")
        exposure = float(match.group(1))
        failed = "\n".join(line for line in output.splitlines() if line.startswith("✗"))
        print(f"systemd-analyze security: {exposure}; still exposed:\n{failed}")
        self.assertLessEqual(exposure, MAXIMUM_EXPOSURE,
                             f"memwatchd.service rates {exposure}; what is exposed:\n{failed}")

    def test_keeps_what_memwatchd_needs(self):
        settings = unit_settings()
        # Serving /metrics and reaching an Alertmanager; the bus, the journal and sd_notify.
        self.assertEqual(set(settings["RestrictAddressFamilies"][0].split()),
                         {"AF_UNIX", "AF_INET", "AF_INET6"})
        # /dev/kmsg in the private /dev, readable, with CAP_SYSLOG for dmesg_restrict=1.
        self.assertIn("/dev/kmsg", settings["BindReadOnlyPaths"])
        self.assertIn("/dev/kmsg r", settings["DeviceAllow"])
        self.assertEqual(settings["AmbientCapabilities"], ["CAP_SYSLOG"])
        self.assertEqual(settings["CapabilityBoundingSet"], ["CAP_SYSLOG"])
        self.assertNotIn("ProtectKernelLogs", settings)
        self.assertNotIn("PrivateUsers", settings)
        self.assertNotIn("PrivateNetwork", settings)
        # The system journal, read through its group; the reader's position kept.
        self.assertEqual(settings["SupplementaryGroups"], ["systemd-journal"])
        self.assertEqual(settings["StateDirectory"], ["memwatch"])
        # /proc/meminfo and the other non-process files stay visible.
        self.assertNotIn("ProcSubset", settings)
        # READY=1, STATUS= and the watchdog, from memwatchd only.
        self.assertEqual(settings["Type"], ["notify"])
        self.assertEqual(settings["NotifyAccess"], ["main"])
        self.assertIn("WatchdogSec", settings)
        # A denied system call is an error memwatchd can handle, never a SIGSYS.
        self.assertEqual(settings["SystemCallErrorNumber"], ["EPERM"])
        # Debian's /etc/default/memwatchd: optional, and its ARGS reach the command line.
        self.assertEqual(settings["EnvironmentFile"], ["-/etc/default/memwatchd"])
        self.assertTrue(settings["ExecStart"][0].endswith(" $ARGS"))


if __name__ == "__main__":
    harness.main()

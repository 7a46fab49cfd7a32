"""End to end: the real memwatchd binary over the fixture procfs, /metrics fetched over HTTP and
compared with tests/golden/fixture_metrics.prom, then linted by promtool.

Regenerate the golden file after an intended change of the output with:
    MEMWATCHD=build/memwatchd python3 tests/integration/test_golden.py --update
and review the diff before committing it."""

import os
import re
import subprocess
import sys
import unittest

import harness

GOLDEN = os.path.join(harness.SOURCE_DIR, "tests", "golden", "fixture_metrics.prom")
# Families whose values describe the running process or this build, not the fixture: they are
# checked for presence, and left out of the comparison.
# memwatch_oom_last_kill_timestamp_seconds maps the fixture's boot-relative times to now.
VOLATILE = re.compile(r"^(# (HELP|TYPE) )?(process_|memwatch_build_info|"
                      r"memwatch_oom_last_kill_timestamp_seconds|"
                      r"node_scrape_collector_duration_seconds)")


def stable_part(text):
    return "".join(line + "\n" for line in text.splitlines() if not VOLATILE.match(line))


class GoldenTest(unittest.TestCase):
    def scrape_fixture(self):
        with harness.Daemon(f"--path.procfs={harness.FIXTURES}/proc",
                            f"--path.kmsg={harness.FIXTURES}/kmsg/rate-limited.kmsg") as daemon:
            return daemon.scrape()

    def test_metrics_match_golden_file(self):
        text = self.scrape_fixture()
        for family in ("process_resident_memory_bytes", "memwatch_build_info",
                       "memwatch_oom_last_kill_timestamp_seconds",
                       "node_scrape_collector_duration_seconds"):
            self.assertIn(f"# TYPE {family} ", text)
        with open(GOLDEN, encoding="utf-8") as f:
            expected = f.read()
        actual = stable_part(text)
        if actual != expected:
            import difflib
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                "golden", "memwatchd"))
            self.fail("output differs from the golden file (regenerate with --update if the "
                      "change is intended):\n" + diff)

    def test_promtool_accepts_output(self):
        promtool = harness.require_tool("promtool")
        text = self.scrape_fixture()
        result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                                text=True, timeout=60)
        problems = [line for line in (result.stdout + result.stderr).splitlines()
                    if line.strip() and not line.startswith("node_memory_")]
        # node_exporter's own node_memory_ names are CamelCase, which promtool flags; both keep
        # them for compatibility. Anything else is a real problem.
        self.assertEqual(problems, [], "\n".join(problems))
        if result.returncode not in (0, 3):  # 3: lint problems only (the node_memory_ names)
            self.fail(f"promtool could not parse the output (exit {result.returncode})")


def update_golden():
    text = GoldenTest().scrape_fixture()
    with open(GOLDEN, "w", encoding="utf-8") as f:
        f.write(stable_part(text))
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update_golden()
    else:
        harness.main()

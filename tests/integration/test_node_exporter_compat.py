"""Live compatibility: Debian's prometheus-node-exporter (1.5) with only the four collectors and
memwatchd, both on loopback against the real /proc. Every family node_exporter emits for them
must be emitted by memwatchd with the same name, type, HELP and label names, and the values that
do not move between two scrapes must agree."""

import subprocess
import unittest

import harness

COLLECTORS = ("meminfo", "vmstat", "pressure", "buddyinfo")
FAMILY_PREFIXES = ("node_memory_", "node_vmstat_", "node_pressure_", "node_buddyinfo_",
                   "node_scrape_collector_")


class NodeExporterCompatibility(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = harness.require_tool("prometheus-node-exporter")
        port = harness.free_port()
        cls.node_exporter = subprocess.Popen(
            [binary, f"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults",
             *[f"--collector.{c}" for c in COLLECTORS]],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.memwatchd = harness.Daemon()
        url = f"http://127.0.0.1:{port}/metrics"
        harness.wait_for_http(url, cls.node_exporter)
        cls.theirs = harness.parse_exposition(harness.fetch(url))
        cls.ours = harness.parse_exposition(cls.memwatchd.scrape())

    @classmethod
    def tearDownClass(cls):
        cls.memwatchd.stop()
        cls.node_exporter.terminate()
        cls.node_exporter.wait(timeout=10)

    def their_families(self):
        names = [n for n in self.theirs if n.startswith(FAMILY_PREFIXES)]
        self.assertGreater(len(names), 30, "node_exporter emitted too little to compare")
        return names

    def test_every_family_has_same_name_type_help_and_labels(self):
        for name in self.their_families():
            with self.subTest(family=name):
                self.assertIn(name, self.ours)
                theirs, ours = self.theirs[name], self.ours[name]
                self.assertEqual(ours.type, theirs.type)
                self.assertEqual(ours.help, theirs.help)
                self.assertEqual(ours.label_names(), theirs.label_names())

    def test_collectors_succeed_in_both(self):
        for collector in COLLECTORS:
            with self.subTest(collector=collector):
                self.assertEqual(harness.value(self.theirs, "node_scrape_collector_success",
                                               collector=collector), 1)
                self.assertEqual(harness.value(self.ours, "node_scrape_collector_success",
                                               collector=collector), 1)

    def test_stable_values_agree(self):
        for name in ("node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes",
                     "node_memory_Hugepagesize_bytes", "node_memory_HugePages_Total"):
            with self.subTest(family=name):
                self.assertEqual(harness.value(self.ours, name), harness.value(self.theirs, name))

    def test_buddyinfo_has_same_shape(self):
        def shape(families):
            return sorted((labels["node"], labels["zone"], labels["size"])
                          for _, labels, _ in families["node_buddyinfo_blocks"].samples)
        self.assertEqual(shape(self.ours), shape(self.theirs))


if __name__ == "__main__":
    harness.main()

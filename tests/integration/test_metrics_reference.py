"""docs/metrics.md cannot drift from what memwatchd exports: a live scrape is checked against the
catalog it is written from (memwatch_metrics_reference --json). Every family in the scrape is
described by one catalog entry (its exact name, or a pattern such as node_memory_<Field>) with
the same type, HELP and label names, and label values within the entry's fixed set where it has
one; every entry the catalog does not mark conditional is in the scrape.

The scrape is of a memwatchd with every collector on, the conditional families brought out where
a test can: a journald namespace of the test's own (the journal's families), a real kernel OOM
kill in a memory cgroup (the last kill's time, a unit's series), a journal flood, and an alert
command (memwatch_alerts_*). Needs root; under CI=true it must run."""

import contextlib
import os
import tempfile
import unittest

import family_catalog
import harness
from journald import NamespaceJournald
from memory_cgroup import MemoryCgroup, require_root

FLOODER = "memwatch-reference-flooder"
# The conditional families the scrape is made to show; each must be there, or the check of the
# exported families above would have checked less than it says.
BROUGHT_OUT = ("memwatch_oom_last_kill_timestamp_seconds", "memwatch_oom_kills_by_unit_total",
               "memwatch_journal_flood_active", "memwatch_journal_floods_total",
               "memwatch_journal_disk_usage_bytes", "memwatch_journal_disk_max_use_bytes",
               "memwatch_alerts_sent_total")


def has_psi():
    return os.path.exists("/proc/pressure/memory")


class LiveScrape(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_root()
        harness.require_tool("unshare")
        cls.entries = family_catalog.load()
        with contextlib.ExitStack() as stack:
            namespace = f"memwatch-reference-{os.getpid()}"
            journal = stack.enter_context(NamespaceJournald(namespace))
            scratch = stack.enter_context(tempfile.TemporaryDirectory())
            daemon = stack.enter_context(harness.Daemon(
                f"--collector.journal.namespace={namespace}",
                f"--collector.journal.state-file={os.path.join(scratch, 'journal.cursor')}",
                # A few hundred entries then flood for up to a minute: long enough to be seen.
                "--collector.journal.flood-window=60s",
                "--collector.journal.flood-entries-per-second=1",
                "--alerts.command=/bin/true",
                journal=True, command_prefix=journal.command_prefix(scratch)))
            with MemoryCgroup(namespace, 32 << 20) as cgroup:
                cgroup.run_to_oom(allocate_mib=256)
            for _ in range(300):
                journal.send({"MESSAGE": "x", "SYSLOG_IDENTIFIER": FLOODER})
            cls.families = harness.wait_until(
                lambda: (lambda f: f if all(name in f for name in BROUGHT_OUT) else None)(
                    harness.parse_exposition(daemon.scrape())),
                timeout=30, what=lambda: "the conditional families the test brings out: "
                f"{[n for n in BROUGHT_OUT if n not in daemon.scrape()]}\n{daemon.log()[-2000:]}")
            cls.cleanup = stack.pop_all()

    @classmethod
    def tearDownClass(cls):
        cls.cleanup.close()

    def describing(self, name):
        found = family_catalog.describing(self.entries, name)
        self.assertEqual(len(found), 1, f"{name} is described by {found or 'no catalog entry'}; "
                         "add it to collectors/core/family_catalog.cpp")
        return found[0]

    def test_every_exported_family_is_described_with_its_type_help_and_labels(self):
        """Type, HELP and label names as the catalog says, for every family of the scrape."""
        self.assertGreater(len(self.families), 100)
        for name, family in sorted(self.families.items()):
            with self.subTest(family=name):
                entry = self.describing(name)
                self.assertEqual(family.type, entry.type, f"{name}'s type")
                self.assertEqual(family.help, entry.help_of(entry.field(name)), f"{name}'s HELP")
                self.assertTrue(family.samples, f"{name} has no samples")
                for _, labels, _ in family.samples:
                    self.assertEqual(set(labels), set(entry.labels),
                                     f"{name}'s label names: {labels}")
                    for label, allowed in entry.labels.items():
                        if allowed:
                            self.assertIn(labels[label], allowed,
                                          f"{name}{{{label}}} outside the catalog's values")

    def test_every_unconditional_family_is_exported(self):
        """Each entry without a condition is in the scrape (a pattern: some family fits it),
        every collector being on and succeeding; the pressure collector's only with PSI."""
        success = {labels["collector"]: value for _, labels, value
                   in self.families["node_scrape_collector_success"].samples}
        for entry in self.entries:
            if entry.conditional or (entry.collector == "pressure" and not has_psi()):
                continue
            with self.subTest(entry=entry.name):
                if entry.collector:
                    self.assertEqual(success.get(entry.collector), 1,
                                     f"the {entry.collector} collector did not succeed")
                fits = [name for name in self.families if entry.field(name) is not None]
                self.assertTrue(fits, f"{entry.name} is not marked conditional but is not "
                                "in the scrape")

    def test_the_catalog_lists_every_collector_of_the_scrape(self):
        """node_scrape_collector_success's collectors are the catalog's groups."""
        scraped = {labels["collector"] for _, labels, _
                   in self.families["node_scrape_collector_success"].samples}
        self.assertEqual(scraped, {entry.collector for entry in self.entries} - {""})


if __name__ == "__main__":
    harness.main()

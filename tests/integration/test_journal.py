"""The journal watchdog against a real journald, started in a private namespace per test:
exact per-producer counts, flood detection and its end, 20 000 distinct producers, journald's
own suppression notices, rotation, vacuum and a journald restart under the reader, and
memwatchd resuming from its saved position. Needs root (journald namespaces)."""

import json
import os
import sys
import tempfile
import time
import unittest

import harness
from harness import series
from journald import NamespaceJournald
from memory_cgroup import require_root

FLOOD_STARTED = "c4d2d68063244186b7bbfb7c14a4ea9f"


wait_until = harness.wait_until


def anonymous_rss(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no RssAnon")


class JournalTest(unittest.TestCase):
    config = "RateLimitIntervalSec=0\n"  # journald's own limiter off, unless a test wants it

    def setUp(self):
        require_root()
        harness.require_tool("journalctl")
        self.namespace = f"memwatch-{os.getpid()}-{self._testMethodName[-12:]}"
        self.journal = NamespaceJournald(self.namespace, config=self.config)
        self.tmp = tempfile.TemporaryDirectory()
        self.state_file = os.path.join(self.tmp.name, "journal.cursor")

    def tearDown(self):
        self.journal.stop()
        self.tmp.cleanup()

    def daemon(self, *args):
        return harness.Daemon(f"--collector.journal.namespace={self.namespace}",
                              f"--collector.journal.state-file={self.state_file}", *args,
                              journal=True)

    def send(self, producer, count, message="x", **fields):
        for i in range(count):
            self.journal.send({"MESSAGE": message, "SYSLOG_IDENTIFIER": producer,
                               "PRIORITY": 6, **fields})

    def wait_for_count(self, daemon, producer, expected, timeout=10):
        wait_until(lambda: series(daemon, "memwatch_journal_entries_total").get(producer)
                   == expected, timeout, lambda: f"{producer} to reach {expected} entries: "
                   f"{series(daemon, 'memwatch_journal_entries_total')}\nmemwatchd's log:\n"
                   f"{daemon.log()[-3000:]}")


class Counting(JournalTest):
    def test_exact_counts_per_producer(self):
        with self.daemon() as daemon:
            # memwatchd starts at the tail: journald's own start-up entries are not its to count.
            already = self.journal.count()
            self.send("alpha", 300, message="hello world")  # 11 bytes
            self.send("beta", 120, message="h\u00e9")  # 3 bytes of UTF-8
            self.journal.send({"MESSAGE": b"multi\nline\x00binary", "SYSLOG_IDENTIFIER": "gamma"})
            # Huge fields: journald stores the compressible one compressed.
            self.journal.send({"MESSAGE": os.urandom(200000), "SYSLOG_IDENTIFIER": "huge"})
            self.journal.send({"MESSAGE": b"a" * 100000, "SYSLOG_IDENTIFIER": "huge"})
            self.wait_for_count(daemon, "alpha", 300)
            self.wait_for_count(daemon, "beta", 120)
            self.wait_for_count(daemon, "gamma", 1)
            bytes_by = series(daemon, "memwatch_journal_bytes_total")
            self.assertEqual(bytes_by["alpha"], 300 * 11)
            self.assertEqual(bytes_by["beta"], 120 * 3)
            self.assertEqual(bytes_by["gamma"], 17)
            self.wait_for_count(daemon, "huge", 2)
            self.assertEqual(series(daemon, "memwatch_journal_bytes_total")["huge"], 300000)
            families = harness.parse_exposition(daemon.scrape())
            self.assertEqual(harness.value(families, "node_scrape_collector_success",
                                           collector="journal"), 1)
            self.assertEqual(harness.value(families, "memwatch_journal_entries_by_priority_total",
                                           priority="info"), 420)
            self.assertEqual(harness.value(families, "memwatch_journal_entries_by_priority_total",
                                           priority="unknown"), 3)
            self.assertGreater(harness.value(families, "memwatch_journal_disk_usage_bytes"), 0)
            self.assertGreater(harness.value(families, "memwatch_journal_disk_max_use_bytes"), 0)
            self.assertGreater(harness.value(families, "memwatch_journald_resident_memory_bytes"),
                               0)
            # Nothing lost: the exported series add up to every entry in the journal.
            total = sum(series(daemon, "memwatch_journal_entries_total").values())
            self.assertEqual(total, self.journal.count() - already)

    def test_long_names_and_a_producer_named_other(self):
        with self.daemon() as daemon:
            already = self.journal.count()
            # Names of 100 kB, which journald stores compressed: each is decompressed into the
            # buffer the next big field (MESSAGE, here) reuses, so memwatchd must copy it first.
            # It keeps the first 128 bytes.
            for name in ("x", "y"):
                for _ in range(5):
                    self.journal.send({"SYSLOG_IDENTIFIER": name * 100000,
                                       "MESSAGE": b"m" * 70000})
            # A producer literally named "other" counts under the aggregate "other".
            self.send("other", 10, message="abcd")
            self.send("plain", 3)
            self.wait_for_count(daemon, "plain", 3)
            wait_until(lambda: sum(series(daemon, "memwatch_journal_entries_total").values())
                       == self.journal.count() - already, 10, "every entry to be counted")
            entries = series(daemon, "memwatch_journal_entries_total")
            self.assertEqual(entries.get("x" * 128), 5, sorted(entries))
            self.assertEqual(entries.get("y" * 128), 5, sorted(entries))
            self.assertTrue(all(len(name) <= 128 for name in entries), sorted(entries))
            self.assertEqual(entries["other"], self.journal.count() - already - 13)
            self.assertGreaterEqual(entries["other"], 10)
            bytes_by = series(daemon, "memwatch_journal_bytes_total")
            self.assertEqual(bytes_by["x" * 128], 5 * 70000)

    def test_twenty_thousand_producers_stay_within_budget(self):
        with self.daemon("--collector.journal.top=20") as daemon:
            anon_before = anonymous_rss(daemon.process.pid)
            already = self.journal.count()
            for i in range(20000):
                self.journal.send({"MESSAGE": "m", "SYSLOG_IDENTIFIER": f"id-{i}"})
            wait_until(lambda: self.journal.count() - already >= 20000, 30,
                       "journald to store 20 000 entries")
            # Against the journal as it is at each look: journald may add entries of its own.
            wait_until(lambda: sum(series(daemon, "memwatch_journal_entries_total").values())
                       == self.journal.count() - already, 30,
                       lambda: "memwatchd to count them: "
                       f"{sum(series(daemon, 'memwatch_journal_entries_total').values())} counted, "
                       f"{self.journal.count() - already} in the journal\n{daemon.log()[-2000:]}")
            entries = series(daemon, "memwatch_journal_entries_total")
            self.assertLessEqual(len(entries), 21)  # top 20 plus "other"
            self.assertEqual(len(series(daemon, "memwatch_journal_bytes_total")), len(entries))
            # Anonymous memory is memwatchd's own; the journal files it maps are page cache
            # shared with journald, and sd-journal bounds its mapping windows itself.
            growth = anonymous_rss(daemon.process.pid) - anon_before
            print(f"anonymous memory growth: {growth} bytes", file=sys.stderr)
            self.assertLess(growth, 4 << 20, f"grew by {growth} bytes")


class Floods(JournalTest):
    def test_flood_is_flagged_and_ends_and_quiet_ones_are_not(self):
        with self.daemon("--collector.journal.flood-window=2s") as daemon:
            self.send("quiet", 5)
            started = time.monotonic()
            flagged_after = None
            while time.monotonic() - started < 6:
                second = time.monotonic()
                self.send("flooder", 5000)  # 5000 entries per second, then rest the second
                if flagged_after is None and series(daemon, "memwatch_journal_flood_active").get(
                        "flooder") == 1:
                    flagged_after = time.monotonic() - started
                time.sleep(max(0, 1 - (time.monotonic() - second)))
            self.assertIsNotNone(flagged_after, "the flood was never flagged")
            self.assertLessEqual(flagged_after, 2 + 2)  # the window, plus 2 s
            active = series(daemon, "memwatch_journal_flood_active")
            self.assertNotIn("quiet", active)
            self.assertEqual(series(daemon, "memwatch_journal_floods_total").get("flooder"), 1)
            floods = json.loads(daemon.scrape("/api/v1/journal/floods"))
            self.assertEqual([f["producer"] for f in floods["active"]], ["flooder"])
            producers = json.loads(daemon.scrape("/api/v1/journal/producers"))
            self.assertEqual(producers[0]["producer"], "flooder")
            self.assertTrue(producers[0]["flooding"])
            self.assertIn("journal flood started: flooder", daemon.log())

            wait_until(lambda: "flooder" not in series(daemon, "memwatch_journal_flood_active"),
                       10, "the flood to end")
            recent = json.loads(daemon.scrape("/api/v1/journal/floods"))["recent"]
            self.assertEqual([(e["producer"], e["event"]) for e in recent],
                             [("flooder", "ended"), ("flooder", "started")])
            self.assertIn("journal flood ended: flooder", daemon.log())


    def test_a_producer_name_cannot_forge_a_line_in_memwatchds_log(self):
        # Any local user picks their SYSLOG_IDENTIFIER. The flood's log line must stay one line
        # with the newline written as \x0a, not end there and start a forged line of its own.
        name = "evil\nforged line: OOM kill: pid 1 (systemd)"
        with self.daemon("--collector.journal.flood-window=1s",
                         "--collector.journal.flood-entries-per-second=50") as daemon:
            self.send(name, 300)
            wait_until(lambda: "journal flood started: evil" in daemon.log(), 10,
                       lambda: f"the flood to be logged:\n{daemon.log()[-2000:]}")
            # The end is seen at the next housekeeping tick, at most 10 s on.
            wait_until(lambda: "journal flood ended: evil" in daemon.log(), 20,
                       lambda: f"the flood's end to be logged:\n{daemon.log()[-2000:]}")
            lines = daemon.log().splitlines()
            self.assertFalse([line for line in lines if line.startswith("forged")], lines)
            logged = [line for line in lines if "journal flood" in line]
            self.assertEqual(len(logged), 2, logged)
            self.assertTrue(all("evil\\x0aforged line" in line for line in logged), logged)


class Suppression(JournalTest):
    config = "RateLimitIntervalSec=2s\nRateLimitBurst=100\n"

    def test_suppressed_count_equals_journalds_notice(self):
        unit = f"memwatch-flood-{os.getpid()}.service"
        cgroup = f"/sys/fs/cgroup/unified/system.slice/{unit}"
        if not os.path.isdir("/sys/fs/cgroup/unified"):
            cgroup = f"/sys/fs/cgroup/system.slice/{unit}"
        os.makedirs(cgroup)
        try:
            with self.daemon() as daemon:
                writer = os.fork()
                if writer == 0:  # in the unit's cgroup, so journald attributes _SYSTEMD_UNIT
                    try:
                        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                            f.write(str(os.getpid()))
                        self.send("chatty", 1000)
                        time.sleep(2.5)  # past the interval: the next message brings the notice
                        self.send("chatty", 1)
                    finally:
                        os._exit(0)
                os.waitpid(writer, 0)
                notices = wait_until(lambda: self.journal.entries(
                    "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e"), 10, "journald's notice")
                dropped = sum(int(n["N_DROPPED"]) for n in notices)
                self.assertGreater(dropped, 0)
                wait_until(lambda: series(daemon, "memwatch_journal_suppressed_entries_total").get(
                    unit) == dropped, 10, f"{dropped} suppressed entries for {unit}: "
                    f"{series(daemon, 'memwatch_journal_suppressed_entries_total')}")
        finally:
            os.rmdir(cgroup)


class EmptyJournal(unittest.TestCase):
    def test_counts_from_the_first_entry_when_the_journal_starts_empty(self):
        # sd-journal left at the tail of an empty journal jumps to the newest entry once entries
        # arrive, skipping the others; memwatchd must start such a journal from its head.
        require_root()
        namespace = f"memwatch-{os.getpid()}-empty"
        with tempfile.TemporaryDirectory() as tmp:
            daemon = harness.Daemon(f"--collector.journal.namespace={namespace}",
                                    f"--collector.journal.state-file={tmp}/cursor", journal=True)
            journal = None
            try:
                journal = NamespaceJournald(namespace, config="RateLimitIntervalSec=0\n")
                for i in range(20):
                    journal.send({"MESSAGE": f"m{i}", "SYSLOG_IDENTIFIER": "first", "PRIORITY": 6})
                wait_until(lambda: journal.count("SYSLOG_IDENTIFIER=first") == 20, 10,
                           "journald to store 20 entries")
                wait_until(lambda: series(daemon, "memwatch_journal_entries_total").get("first")
                           == 20, 10, lambda: "all 20 entries counted: "
                           f"{series(daemon, 'memwatch_journal_entries_total')}\n{daemon.log()}")
                # journald's own start-up entries are counted too: everything in the journal.
                wait_until(lambda: sum(series(daemon, "memwatch_journal_entries_total").values())
                           == journal.count(), 10, "every entry of the journal counted")
            finally:
                daemon.stop()
                if journal:
                    journal.stop()


class Continuity(JournalTest):
    def test_rotation_vacuum_journald_restart_and_memwatchd_restart(self):
        with self.daemon() as daemon:
            self.send("steady", 100)
            self.wait_for_count(daemon, "steady", 100)
            harness_run(["journalctl", f"--namespace={self.namespace}", "--rotate",
                         "--vacuum-files=1"])
            self.send("steady", 100)
            self.wait_for_count(daemon, "steady", 200)
            self.journal.restart()
            self.send("steady", 100)
            self.wait_for_count(daemon, "steady", 300)
        # memwatchd is down; these are counted after it comes back, from its saved position.
        self.send("steady", 50)
        with self.daemon() as daemon:
            self.wait_for_count(daemon, "steady", 50)
            self.send("steady", 10)
            self.wait_for_count(daemon, "steady", 60)
            self.assertIn("resuming", daemon.log())


    def test_resume_when_the_saved_entry_was_vacuumed(self):
        with self.daemon() as daemon:
            self.send("before", 20)
            self.wait_for_count(daemon, "before", 20)
        # memwatchd is down, its saved position on the last "before" entry. Rotation and vacuum
        # remove that entry and everything before it; what comes next starts the journal.
        harness_run(["journalctl", f"--namespace={self.namespace}", "--rotate"])
        harness_run(["journalctl", f"--namespace={self.namespace}", "--vacuum-files=1"])
        self.assertEqual(self.journal.count("SYSLOG_IDENTIFIER=before"), 0)
        self.send("after", 50)
        wait_until(lambda: self.journal.count("SYSLOG_IDENTIFIER=after") == 50, 10,
                   "journald to store 50 entries")
        in_journal = self.journal.count()
        with self.daemon() as daemon:
            # All of them, the first one (the journal's head) included.
            self.wait_for_count(daemon, "after", 50)
            self.assertEqual(sum(series(daemon, "memwatch_journal_entries_total").values()),
                             in_journal)
            self.assertIn("resuming", daemon.log())


def harness_run(command):
    import subprocess
    subprocess.run(command, check=True, capture_output=True)


if __name__ == "__main__":
    harness.main()

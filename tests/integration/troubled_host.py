"""A host in trouble, for real, for the tests of what operators look at (the Grafana dashboard's
queries, the status page): memwatchd reading a private journald namespace that a unit floods, hard
enough that journald's rate limit suppresses part of the flood, and a real kernel OOM kill of a
process in a unit's memory cgroup. Needs root (journald, cgroups, /dev/kmsg)."""

import json
import os
import signal
import tempfile
import time

import harness
from journald import NamespaceJournald
from memory_cgroup import MemoryCgroup, require_root

# journald lets a unit write RATE_LIMIT_BURST entries per interval and suppresses the rest; what
# passes (50 per second) is still above memwatchd's flood threshold, so that the unit is both a
# flooder and suppressed, as a real runaway service is.
RATE_LIMIT = "RateLimitIntervalSec=2s\nRateLimitBurst=100\n"
FLOOD_ARGS = ("--collector.journal.flood-window=2s",
              "--collector.journal.flood-entries-per-second=20")
FLOOD_ENTRIES_PER_SECOND = 500
# memwatchd reads the kernel log's backlog at start: the kills of earlier runs, each in a unit of
# its own. With the default 20 units' series, once 20 such units are in the backlog the victim's
# unit counts under unit="other" and its own series never appears. 1000, the most the flag
# takes, is more kills than a kernel log buffer holds (128 KiB here: about 35 kills).
OOM_UNITS_ARG = "--collector.oom.units=1000"


def unified_cgroup(path):
    """`path` in the unified hierarchy, whose cgroups journald reads a sender's unit from:
    /sys/fs/cgroup/unified on a hybrid host like this one, else the root."""
    root = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
    return os.path.join(root, path)


def unit_cgroup(unit):
    """Where a process must be for journald to attribute its entries _SYSTEMD_UNIT=unit."""
    return unified_cgroup(os.path.join("system.slice", unit))


class TroubledHost:
    def __init__(self, *daemon_args):
        """Starts the namespace journald and memwatchd reading it; `daemon_args` are added to
        memwatchd's. Nothing is wrong yet: start_flood() and oom_kill() make it so."""
        require_root()
        self.name = f"memwatch-trouble-{os.getpid()}"
        self.flood_unit = f"{self.name}-flood.service"
        # One name for every run: each kill in a unit of its own would fill the top K of
        # memwatch_oom_kills_by_unit_total that later memwatchds read from the kernel log.
        self.victim_unit = "memwatch-trouble-victim.service"
        self.scratch = tempfile.TemporaryDirectory(prefix="memwatch-trouble-")
        self.flooders = []  # (pid, cgroup) of each writer start_flood() started
        self.daemon = None
        self.journal = NamespaceJournald(self.name, config=RATE_LIMIT)
        try:
            self.daemon = harness.Daemon(
                f"--collector.journal.namespace={self.name}",
                f"--collector.journal.state-file={os.path.join(self.scratch.name, 'cursor')}",
                *FLOOD_ARGS, OOM_UNITS_ARG, *daemon_args, journal=True)
        except BaseException:
            self.stop()
            raise

    def start_flood(self, producer=None):
        """A writer sends FLOOD_ENTRIES_PER_SECOND entries a second until stop_flood().

        By default it runs in flood_unit's cgroup, so the producer is that unit; returns once
        memwatchd flags the unit as flooding and has counted journald's first suppression notice
        for it. With `producer`, it runs in a cgroup that names no unit and sends
        SYSLOG_IDENTIFIER=producer, so the producer is text of the writer's choosing (as a local
        user's can be, markup included); returns once /api/v1/journal/floods lists it as active.
        Floods of both kinds may run at once."""
        if producer is None:
            cgroup = unit_cgroup(self.flood_unit)
        else:
            cgroup = unified_cgroup(f"{self.name}-writer-{len(self.flooders)}")
        os.makedirs(cgroup, exist_ok=True)
        pid = os.fork()
        if pid == 0:
            try:
                with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))
                sequence = 0
                while True:  # until stop_flood() kills it
                    for _ in range(FLOOD_ENTRIES_PER_SECOND // 10):
                        sequence += 1
                        self.journal.send({"MESSAGE": f"retrying connection, attempt {sequence}",
                                           "SYSLOG_IDENTIFIER": producer or "chatty",
                                           "PRIORITY": 4})
                    time.sleep(0.1)
            finally:
                os._exit(0)
        self.flooders.append((pid, cgroup))
        if producer is not None:
            harness.wait_until(
                lambda: producer in self.active_floods(), timeout=30,
                what=lambda: f"{producer!r} flooding: {self.active_floods()}\n"
                f"{self.daemon.log()[-2000:]}")
            return
        harness.wait_until(
            lambda: self.series("memwatch_journal_flood_active").get(self.flood_unit) == 1 and
            self.series("memwatch_journal_suppressed_entries_total").get(self.flood_unit, 0) > 0,
            timeout=30, what=lambda: f"{self.flood_unit} flooding and suppressed: "
            f"{self.series('memwatch_journal_flood_active')} "
            f"{self.series('memwatch_journal_suppressed_entries_total')}\n"
            f"{self.daemon.log()[-2000:]}")

    def stop_flood(self):
        """Stops every writer start_flood() started and removes their cgroups."""
        flooders, self.flooders = self.flooders, []
        for pid, _ in flooders:  # every writer stopped before any wait that could fail
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for _, cgroup in flooders:
            harness.wait_until(lambda: self._removed(cgroup), timeout=10,
                               what=f"{cgroup} to be removed")

    def active_floods(self):
        """The producers /api/v1/journal/floods lists as flooding now."""
        floods = json.loads(self.daemon.scrape("/api/v1/journal/floods"))
        return [flood["producer"] for flood in floods["active"]]

    def oom_kill(self):
        """A real OOM kill in victim_unit's memory cgroup; returns the victim's entry of
        /api/v1/oom-kills once memwatchd lists it."""
        with MemoryCgroup(self.victim_unit, 32 << 20) as cgroup:
            pid, _ = cgroup.run_to_oom()
        return harness.wait_until(
            lambda: next((kill for kill in json.loads(self.daemon.scrape("/api/v1/oom-kills"))
                          if kill["pid"] == pid), None),
            timeout=10, what=lambda: f"the kill of pid {pid} in /api/v1/oom-kills: "
            f"{self.daemon.scrape('/api/v1/oom-kills')}\n{self.daemon.log()[-2000:]}")

    def series(self, name):
        return harness.series(self.daemon, name)

    @staticmethod
    def _removed(path):
        try:
            os.rmdir(path)
        except FileNotFoundError:
            return True
        except OSError:
            return False  # the killed writer is still leaving it
        return True

    def stop(self):
        try:
            self.stop_flood()
        finally:
            try:
                if self.daemon is not None:
                    self.daemon.stop()
            finally:
                try:
                    self.journal.stop()
                finally:
                    self.scratch.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

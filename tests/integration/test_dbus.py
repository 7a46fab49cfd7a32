"""memwatchd on D-Bus against a real dbus-daemon started by the test (with the policy file that
ships): the OomKill signal for a real kernel OOM kill, JournalFlood for a real flood in a
namespace journald, MemoryPressure for a CPU hog's pressure trigger, systemd-oomd's Killed signal
trusted only from the owner of its name,
earlyoom's lines trusted only from its unit's cgroup, the Get methods, and Reload refused to
anyone but root. Needs root (memory cgroups, journald namespaces, a second user)."""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

import harness
import private_bus
from journald import NamespaceJournald
from memory_cgroup import MemoryCgroup, require_root
from private_bus import MEMWATCH, PrivateBus, SignalListener
from test_pressure import UNPRIVILEGED_CPU_TRIGGER, CpuHog, require_psi

OOMD_PATH = "/org/freedesktop/oom1"
OOMD_INTERFACE = "org.freedesktop.oom1.Manager"


wait_until = harness.wait_until


def kills_by(daemon, killer):
    families = harness.parse_exposition(daemon.scrape())
    return sum(value for _, labels, value in families["memwatch_oom_kills_total"].samples
               if labels.get("killer") == killer)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def details(body):
    """An a{sv} as jeepney gives it ({key: (signature, value)}) as {key: value}."""
    return {key: value for key, (_, value) in body[0].items()}


class DbusTest(unittest.TestCase):
    def setUp(self):
        require_root()
        self.bus = PrivateBus()
        self.addCleanup(self.bus.stop)

    def daemon(self, *args, command_prefix=(), journal=False):
        return harness.Daemon(*args, command_prefix=(*self.bus.env_prefix(), *command_prefix),
                              journal=journal, dbus=True)

    def wait_for_name(self, connection):
        wait_until(lambda: private_bus.Proxy(private_bus.message_bus, connection)
                   .NameHasOwner(MEMWATCH.bus_name)[0], 10, "memwatchd to own its name")


class Service(DbusTest):
    def test_get_methods_answer_and_only_root_may_reload(self):
        with self.daemon() as daemon:
            connection = self.bus.connect()
            self.addCleanup(connection.close)
            self.wait_for_name(connection)
            # The kills still in the kernel's ring buffer at start, if any, as the API lists them.
            recent = private_bus.call(connection, "GetRecentOomKills").body[0]
            listed = json.loads(daemon.scrape("/api/v1/oom-kills"))
            self.assertEqual([k["pid"][1] for k in recent], [k["pid"] for k in listed])
            # The journal collector is off: no producers, and no error either.
            self.assertEqual(private_bus.call(connection, "GetTopProducers", "u", (5,)).body,
                             ([],))
            version = private_bus.call(
                connection, "Get", "ss", (MEMWATCH.interface, "Version"),
                address=MEMWATCH.with_interface("org.freedesktop.DBus.Properties")).body[0]
            self.assertEqual(version[0], "s")
            self.assertRegex(version[1], r"^\d+\.\d+")

            busctl = harness.require_tool("busctl")
            reload = [busctl, f"--address={self.bus.address}", "call", MEMWATCH.bus_name,
                      MEMWATCH.object_path, MEMWATCH.interface, "Reload"]
            as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            refused = subprocess.run([*as_nobody, *reload], capture_output=True, text=True,
                                     timeout=10)
            self.assertNotEqual(refused.returncode, 0)
            self.assertIn("Access denied", refused.stderr)
            self.assertNotIn("Reload called", daemon.log())
            # Anyone may read, though.
            read = subprocess.run([*as_nobody, busctl, f"--address={self.bus.address}", "call",
                                   MEMWATCH.bus_name, MEMWATCH.object_path, MEMWATCH.interface,
                                   "GetRecentOomKills"], capture_output=True, text=True,
                                  timeout=10)
            self.assertEqual(read.returncode, 0, read.stderr)
            subprocess.run(reload, check=True, capture_output=True, timeout=10)
            wait_until(lambda: "configuration reloaded" in daemon.log(), 5, "the reload")

    def test_an_unreachable_bus_is_logged_once_and_memwatchd_serves(self):
        with harness.Daemon(command_prefix=("env", "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent"),
                            dbus=True) as daemon:
            self.assertIn("memwatch_oom_kills_total", daemon.scrape())
            self.assertEqual(daemon.log().count("cannot connect to the system bus"), 1)


class OomKillSignal(DbusTest):
    def test_a_kernel_oom_kill_is_signalled_with_its_victim(self):
        harness.require_tool("journalctl")
        namespace = f"memwatch-dbus-{os.getpid()}"
        listener = SignalListener(self.bus, interface=MEMWATCH.interface, member="OomKill")
        self.addCleanup(listener.close)
        with NamespaceJournald(namespace) as journal, tempfile.TemporaryDirectory() as scratch, \
                self.daemon(command_prefix=journal.command_prefix(scratch)) as daemon:
            self.wait_for_name(listener.connection)
            with MemoryCgroup(namespace, 32 << 20) as cgroup:
                pid, died = cgroup.run_to_oom(allocate_mib=256)
                _, body = listener.wait_for(lambda m, b: details(b).get("pid") == pid, 5)
                received = time.monotonic()
            kill = details(body)
            self.assertEqual(kill["comm"], "python3")
            self.assertEqual(kill["killer"], "kernel")
            self.assertEqual(kill["cgroup"], cgroup.kernel_path)
            self.assertEqual(kill["uid"], 0)
            self.assertGreater(kill["anon_rss_bytes"], 16 << 20)
            # The same members as the API's.
            listed = [k for k in json.loads(daemon.scrape("/api/v1/oom-kills")) if k["pid"] == pid]
            self.assertEqual(set(kill), {k for k, v in listed[0].items() if v is not None})
            print(f"kill seen by its parent -> OomKill signal received: "
                  f"{(received - died) * 1000:.1f} ms")
            connection = self.bus.connect()
            self.addCleanup(connection.close)
            recent = private_bus.call(connection, "GetRecentOomKills").body[0]
            self.assertIn(pid, [value for k in recent for key, (_, value) in k.items()
                                if key == "pid"])


class MemoryPressureSignal(DbusTest):
    def test_a_cpu_hog_fires_a_trigger_that_is_signalled(self):
        require_psi()
        listener = SignalListener(self.bus, interface=MEMWATCH.interface, member="MemoryPressure")
        self.addCleanup(listener.close)
        with self.daemon(f"--pressure.trigger={UNPRIVILEGED_CPU_TRIGGER}",
                         "--pressure.trigger-interval=60s"):
            self.wait_for_name(listener.connection)
            with CpuHog():
                _, body = listener.wait_for(lambda m, b: b[0] == "cpu", 10)
            resource, kind, avg10 = body
            self.assertEqual((resource, kind), ("cpu", "some"))
            self.assertGreaterEqual(avg10, 0)


class Oomd(DbusTest):
    def test_killed_counts_only_from_the_owner_of_org_freedesktop_oom1(self):
        listener = SignalListener(self.bus, interface=MEMWATCH.interface, member="OomKill")
        self.addCleanup(listener.close)
        with self.daemon() as daemon:
            self.wait_for_name(listener.connection)
            memwatchd = private_bus.owner_of(listener.connection, MEMWATCH.bus_name)
            forger = self.bus.connect()
            self.addCleanup(forger.close)
            # Broadcast (the bus's match rules keep it from memwatchd) and sent straight to
            # memwatchd's connection (they do not).
            for destination in (None, memwatchd):
                forger.send(private_bus.signal(OOMD_PATH, OOMD_INTERFACE, "Killed", "ss",
                                               ("/system.slice/forged.service", "memory-used"),
                                               destination))
            wait_until(lambda: "ignored an org.freedesktop.oom1.Manager.Killed" in daemon.log(),
                       5, "the forged signal to be ignored")
            # Nor can a client pose as the bus to claim the name: a NameOwnerChanged it sends
            # straight to memwatchd, naming itself the owner, then its Killed.
            forger_name = forger.unique_name
            forger.send(private_bus.signal("/org/freedesktop/DBus", "org.freedesktop.DBus",
                                           "NameOwnerChanged", "sss",
                                           ("org.freedesktop.oom1", "", forger_name), memwatchd))
            forger.send(private_bus.signal(OOMD_PATH, OOMD_INTERFACE, "Killed", "ss",
                                           ("/system.slice/forged.service", "memory-used"),
                                           memwatchd))
            time.sleep(0.5)
            self.assertEqual(kills_by(daemon, "systemd-oomd"), 0)

            oomd = self.bus.connect()
            self.addCleanup(oomd.close)
            self.assertEqual(private_bus.request_name(oomd, "org.freedesktop.oom1"), 1)
            time.sleep(0.2)  # NameOwnerChanged reaches memwatchd before the signal anyway
            oomd.send(private_bus.signal(OOMD_PATH, OOMD_INTERFACE, "Killed", "ss",
                                         ("/system.slice/x.service", "memory-used")))
            _, body = listener.wait_for(lambda m, b: details(b).get("killer") == "systemd-oomd",
                                        5)
            self.assertEqual(details(body)["unit"], "x.service")
            self.assertEqual(details(body)["cgroup"], "/system.slice/x.service")
            self.assertEqual(details(body)["reason"], "memory-used")
            wait_until(lambda: kills_by(daemon, "systemd-oomd") == 1, 5, "the count")
            # The signal was published while memwatchd dispatched a D-Bus message: the service
            # must still answer afterwards, and memwatchd must be idle, not spinning.
            self.assertTrue(private_bus.call(oomd, "GetRecentOomKills").body[0])
            cpu_before = cpu_seconds(daemon.process.pid)
            time.sleep(1)
            self.assertLess(cpu_seconds(daemon.process.pid) - cpu_before, 0.2)
            self.assertIn("OOM kill by systemd-oomd: x.service, reason memory-used", daemon.log())
            listed = json.loads(daemon.scrape("/api/v1/oom-kills"))
            self.assertEqual([k["unit"] for k in listed if k["killer"] == "systemd-oomd"],
                             ["x.service"])


class JournalEvents(DbusTest):
    def setUp(self):
        super().setUp()
        harness.require_tool("journalctl")
        self.namespace = f"memwatch-dbus-{os.getpid()}-{self._testMethodName[-8:]}"
        self.journal = NamespaceJournald(self.namespace, config="RateLimitIntervalSec=0\n")
        self.addCleanup(self.journal.stop)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def journal_daemon(self, *args):
        return self.daemon(f"--collector.journal.namespace={self.namespace}",
                           f"--collector.journal.state-file={self.tmp.name}/cursor", *args,
                           journal=True)

    def test_a_flood_is_signalled_when_it_starts_and_when_it_ends(self):
        listener = SignalListener(self.bus, interface=MEMWATCH.interface, member="JournalFlood")
        self.addCleanup(listener.close)
        with self.journal_daemon("--collector.journal.flood-window=2s") as daemon:
            self.wait_for_name(listener.connection)
            deadline = time.monotonic() + 15
            started = None
            while started is None and time.monotonic() < deadline:
                for _ in range(3000):
                    self.journal.send({"MESSAGE": "x", "SYSLOG_IDENTIFIER": "flooder"})
                try:
                    started = listener.wait_for(lambda m, b: b[0] == "flooder", 0.5)
                except AssertionError:
                    pass
            self.assertIsNotNone(started, "no JournalFlood signal while flooding")
            producer, active, entries, _ = started[1]
            self.assertTrue(active)
            self.assertGreaterEqual(entries, 1000)  # the threshold
            _, ended = listener.wait_for(lambda m, b: b[0] == "flooder" and not b[1], 15)
            self.assertFalse(ended[1])
            connection = self.bus.connect()
            self.addCleanup(connection.close)
            top = private_bus.call(connection, "GetTopProducers", "u", (3,)).body[0]
            self.assertIn("flooder", [name for name, _, _ in top])
            self.assertLessEqual(len(top), 3)

    def send_from_cgroup(self, relative, message, identifier="earlyoom"):
        """Writes one entry from a child process placed in the cgroup `relative` (created under
        every hierarchy journald may derive _SYSTEMD_UNIT from), so that journald gives it that
        unit as a trusted field."""
        paths = [os.path.join(root, relative) for root in
                 ("/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified", "/sys/fs/cgroup")
                 if os.path.exists(os.path.join(root, "cgroup.procs"))]
        for path in paths:
            # Every directory made, the test's slice included, is removed afterwards, the
            # deepest first (cleanups run last in, first out).
            made = []
            parent = path
            while not os.path.isdir(parent):
                made.append(parent)
                parent = os.path.dirname(parent)
            for directory in reversed(made):
                os.mkdir(directory)
                self.addCleanup(lambda d=directory: os.path.isdir(d) and os.rmdir(d))

        def enter():
            for path in paths:
                try:
                    with open(os.path.join(path, "cgroup.procs"), "w") as f:
                        f.write(str(os.getpid()))
                except OSError:
                    pass  # a v2 hierarchy with controllers in use refuses: the others do

        payload = f"MESSAGE={message}\nSYSLOG_IDENTIFIER={identifier}\n".encode()
        script = ("import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); "
                  "s.sendto(sys.stdin.buffer.read(), sys.argv[1])")
        subprocess.run([sys.executable, "-c", script,
                        os.path.join(self.journal.socket_dir, "socket")],
                       input=payload, preexec_fn=enter, check=True, timeout=10)

    def test_earlyoom_lines_count_only_from_earlyooms_unit(self):
        line = 'sending SIGTERM to process {pid} uid 1000 "hog": badness 900, VmRSS 100 MiB'
        with self.journal_daemon() as daemon:
            unit = f"memwatch-test-{os.getpid()}.slice/earlyoom.service"
            self.send_from_cgroup(f"memwatch-test-{os.getpid()}.slice/forger.service",
                                  line.format(pid=111))
            self.send_from_cgroup(unit, line.format(pid=222))
            entries = wait_until(lambda: self.journal.entries("SYSLOG_IDENTIFIER=earlyoom"), 5,
                                 "the entries to be written")
            wait_until(lambda: kills_by(daemon, "earlyoom") >= 1, 10,
                       lambda: f"an earlyoom kill to be counted; journal: "
                       f"{[(e.get('_SYSTEMD_UNIT'), e.get('MESSAGE')) for e in entries]}\n"
                       f"{daemon.log()[-2000:]}")
            time.sleep(0.5)
            self.assertEqual(kills_by(daemon, "earlyoom"), 1)
            listed = [k for k in json.loads(daemon.scrape("/api/v1/oom-kills"))
                      if k["killer"] == "earlyoom"]
            self.assertEqual([(k["pid"], k["comm"], k["uid"]) for k in listed],
                             [(222, "hog", 1000)])


if __name__ == "__main__":
    harness.main()

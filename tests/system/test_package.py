"""The Debian package under a real systemd: a Debian 12 container booted with systemd as PID 1,
the .deb that `cpack -G DEB` makes of this build installed in it, and memwatchd used as an operator
would use it there: the unit starts (READY=1, STATUS=), every collector works under the unit's
sandbox (the journal through the journal group as the dynamic user, /dev/kmsg in the private
/dev, journald's usage from its cgroup), a real OOM kill (and the alerts.command it runs) and a
real journal flood in units of the container are reported, the D-Bus service is on the
container's system bus, reload, TLS with basic auth, watchdog, the security score, the address
allow list, remove and purge. The test methods run in order on one container (their numbers); each prints its time.

Needs root, mmdebstrap, systemd-nspawn and the Debian mirror; the root is cached in
/var/cache/memwatch-system-test (rootfs.py). Environment: MEMWATCH_BUILD_DIR (the CMake build
directory to package), CPACK (the cpack to run), or MEMWATCH_DEB (a .deb to test instead)."""

import base64
import glob
import json
import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import wait_until  # noqa: E402
import rootfs  # noqa: E402
import tls_material  # noqa: E402
import container  # noqa: E402
from container import Container  # noqa: E402

CONTAINER_PREFIX = "memwatch-systest-"  # and the test's PID: the name of its cgroups
BUILD_DIR = os.environ.get("MEMWATCH_BUILD_DIR", os.path.join(harness.SOURCE_DIR, "build"))
DEB_INSIDE = "/mnt/memwatch-deb"
CONFIG = "/etc/memwatch/memwatchd.yml"
UNIT = "memwatchd.service"
BUS_NAME = "org.memwatch.Memwatch1"
BUS_PATH = "/org/memwatch/Memwatch1"
# The test's lowered flood threshold: the flooding unit logs ten times as much.
FLOOD_ENTRIES_PER_SECOND = 100
FLOOD_LINES_PER_SECOND = 1000

OOM_VICTIM = "memwatch-oom-victim.service"
# alerts.command: appends each event's MEMWATCH_* variables to a file in memwatchd's state
# directory, the one place its sandbox lets it (and so the command) write.
ALERT_COMMAND = "/usr/local/bin/memwatch-alert-probe"
ALERT_LOG = "/var/lib/private/memwatch/alerts.log"
ALERT_SCRIPT = ("#!/bin/sh\n"
                "{ env | grep ^MEMWATCH_ | sort; echo; } >>/var/lib/memwatch/alerts.log\n")

STARTED = time.monotonic()


def say(text):
    print(f"system test [{time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


def require_root():
    if os.geteuid() != 0:
        message = "the system test needs root (mmdebstrap, systemd-nspawn, cgroups)"
        if harness.IN_CI:
            raise AssertionError(message + "; under CI=true this is a failure, not a skip")
        raise unittest.SkipTest(message)


def build_deb(directory):
    """The .deb of this build, as `cpack -G DEB` makes it; or $MEMWATCH_DEB, a .deb made
    elsewhere, copied."""
    if os.environ.get("MEMWATCH_DEB"):
        return shutil.copy(os.environ["MEMWATCH_DEB"], directory)
    cpack = os.environ.get("CPACK") or harness.require_tool("cpack")
    config = os.path.join(BUILD_DIR, "CPackConfig.cmake")
    if not os.path.exists(config):
        raise AssertionError(f"{config} is missing: configure and build {BUILD_DIR} first")
    result = subprocess.run([cpack, "-G", "DEB", "--config", config, "-B", directory],
                            capture_output=True, text=True, timeout=240)
    if result.returncode != 0:
        raise AssertionError(f"cpack failed:\n{result.stdout}{result.stderr}")
    debs = glob.glob(os.path.join(directory, "*.deb"))
    if len(debs) != 1:
        raise AssertionError(f"cpack made {debs}, not one .deb:\n{result.stdout}")
    return debs[0]


def deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], capture_output=True, text=True,
                          check=True).stdout.strip()


def depends_packages(deb):
    """The package names in the .deb's (Pre-)Depends (first alternatives, no versions): the
    container has no network, so they are installed in the root beforehand."""
    names = []
    for clause in f"{deb_field(deb, 'Pre-Depends')},{deb_field(deb, 'Depends')}".split(","):
        name = clause.split("|")[0].split("(")[0].strip().split(":")[0]
        if name:
            names.append(name)
    return names


def test_config(port, buddyinfo="true", meminfo="true", host="127.0.0.1"):
    """The test's configuration file: a loopback listen address (the host's network is shared),
    the lowered flood threshold, the two collector switches the reload check turns, and as many
    OOM units as the flag takes: memwatchd counts the kills still in the host's kernel log at
    start, other tests' too, each in a unit of its own, and once 20 units have their series a
    new unit with one kill counts under "other" (the top K by kills)."""
    return (f'web:\n  listen-address: "{host}:{port}"\n'
            f"collector:\n  buddyinfo: {buddyinfo}\n  meminfo: {meminfo}\n"
            f"  oom:\n    units: 1000\n"
            f"  journal:\n    flood-window: 2s\n"
            f"    flood-entries-per-second: {FLOOD_ENTRIES_PER_SECOND}\n"
            f"alerts:\n  command: {ALERT_COMMAND}\n")


def exposure(output):
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", output)
    if not match:
        raise AssertionError(f"no exposure level in:\n{output}")
    return float(match.group(1))


class Package(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_root()
        for tool in ("mmdebstrap", "systemd-nspawn", "nsenter", "dpkg-deb", "systemd-analyze"):
            harness.require_tool(tool)
        cls.scratch = tempfile.mkdtemp(prefix="memwatch-system-test-")
        cls.addClassCleanup(shutil.rmtree, cls.scratch, ignore_errors=True)
        deb_dir = os.path.join(cls.scratch, "deb")
        os.mkdir(deb_dir)
        cls.deb = build_deb(deb_dir)
        say(f"built {os.path.basename(cls.deb)}; Depends: {deb_field(cls.deb, 'Depends')}")
        cls.unpacked = os.path.join(cls.scratch, "unpacked")
        subprocess.run(["dpkg-deb", "-x", cls.deb, cls.unpacked], check=True)

        root = rootfs.debian_root(depends_packages(cls.deb))
        say(f"root ready: {root}")
        cls.port = harness.free_port()
        container.remove_abandoned(CONTAINER_PREFIX)
        cls.container = Container(root, f"{CONTAINER_PREFIX}{os.getpid()}",
                                  binds=((deb_dir, DEB_INSIDE),))
        cls.addClassCleanup(cls.stop_container)
        # Stopped (SIGTERM, ^C): the container goes first. (Killed: the next run removes it.)
        signal.signal(signal.SIGTERM, cls.stop_and_exit)
        signal.signal(signal.SIGINT, cls.stop_and_exit)
        say(f"container booted, PID 1 is {cls.container.init_pid} on the host")
        # nspawn mounts the v1 controllers read-only on a hybrid host: made writable, and systemd
        # re-executed to see that, DeviceAllow= and MemoryMax= are enforced.
        cls.inside("mount", "-o", "remount,rw,bind", "/sys/fs/cgroup/memory")
        cls.inside("mount", "-o", "remount,rw,bind", "/sys/fs/cgroup/devices")
        cls.inside("mount", "-o", "remount,rw,bind", "/sys/fs/cgroup/pids")
        cls.inside("systemctl", "daemon-reexec")
        cls.container.wait_for_systemd()

        # As a configuration management tool would: the configuration in place before the
        # package, kept by dpkg (confold) instead of the package's own, so that the service the
        # package starts listens on the test's port from the start.
        cls.write_config()
        cls.container.write(ALERT_COMMAND, ALERT_SCRIPT)
        cls.inside("chmod", "755", ALERT_COMMAND)
        deb_inside = f"{DEB_INSIDE}/{os.path.basename(cls.deb)}"
        cls.install = cls.inside(
            "apt-get", "install", "-y", "--no-install-recommends",
            "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
            deb_inside, timeout=120)
        say("package installed")

    @classmethod
    def stop_container(cls):
        # What memwatchd and systemd said, for a failure's report (ctest shows it on failure).
        try:
            journal = cls.inside("journalctl", "--no-pager", "--lines=80", "--unit", UNIT,
                                 "--unit", "dbus.service", check=False, timeout=20)
            print(f"--- the container's journal of {UNIT} and dbus.service:\n{journal.stdout}",
                  flush=True)
        except subprocess.TimeoutExpired:
            print("--- the container's journal: journalctl did not answer", flush=True)
        started = time.monotonic()
        cls.container.stop()
        say(f"container stopped and its cgroups removed in {time.monotonic() - started:.1f} s")

    @classmethod
    def stop_and_exit(cls, signum, _):
        for other in (signal.SIGTERM, signal.SIGINT):  # once: stop() is not reentrant
            signal.signal(other, signal.SIG_IGN)
        say(f"{signal.Signals(signum).name}: stopping the container")
        cls.container.stop()
        os._exit(128 + signum)

    @classmethod
    def inside(cls, *command, **kwargs):
        return cls.container.run(*command, **kwargs)

    @classmethod
    def write_config(cls, **switches):
        cls.container.write(CONFIG, test_config(cls.port, **switches))

    def setUp(self):
        self.started = time.monotonic()

    def tearDown(self):
        say(f"{self._testMethodName}: {time.monotonic() - self.started:.1f} s")

    # Helpers.

    def url(self, path="/metrics"):
        return f"http://127.0.0.1:{self.port}{path}"

    def scrape(self):
        return harness.parse_exposition(harness.fetch(self.url()))

    def show(self, *properties, unit=UNIT):
        output = self.inside("systemctl", "show", unit, *(f"--property={p}" for p in properties))
        return dict(line.split("=", 1) for line in output.stdout.splitlines() if "=" in line)

    def main_pid(self):
        return int(self.show("MainPID")["MainPID"])

    def series(self, name, label):
        families = self.scrape()
        if name not in families:
            return {}
        return {labels.get(label): value for _, labels, value in families[name].samples}

    def victim_cgroup(self):
        """The OOM victim's cgroup as the kernel names it: under this run's container's."""
        return f"/{self.container.name}/system.slice/{OOM_VICTIM}"

    def status(self):
        return self.inside("systemctl", "status", "--no-pager", "--full", "--lines=20", UNIT,
                           check=False).stdout

    # The checks, in order.

    def test_01_package_enables_and_starts_the_unit(self):
        self.assertEqual(self.inside("systemctl", "is-enabled", UNIT, check=False).stdout.strip(),
                         "enabled", self.install.stdout)
        self.assertEqual(self.inside("systemctl", "is-active", UNIT, check=False).stdout.strip(),
                         "active", self.status())
        # The unit's MemoryMax= is enforced (the OOM check below relies on MemoryMax= too).
        limit = self.inside("cat", "/sys/fs/cgroup/memory/system.slice/memwatchd.service/"
                            "memory.limit_in_bytes").stdout.strip()
        self.assertEqual(int(limit), int(self.show("MemoryMax")["MemoryMax"]))

    def test_02_start_returns_after_ready_with_status(self):
        self.inside("systemctl", "stop", UNIT)
        self.inside("systemctl", "start", UNIT)
        # Type=notify: start returned after READY=1, which memwatchd sends with STATUS= once it
        # listens; so the status is already there (with Type=simple start would return before
        # memwatchd ran), and the very first request answers, without a retry.
        state = self.show("ActiveState", "SubState", "StatusText", "Type")
        first = harness.fetch(self.url())
        self.assertEqual(state["StatusText"], f"serving /metrics on port {self.port}")
        self.assertEqual((state["Type"], state["ActiveState"], state["SubState"]),
                         ("notify", "active", "running"))
        self.assertIn("node_scrape_collector_success", first)

    def test_03_every_collector_succeeds_under_the_sandbox(self):
        success = self.series("node_scrape_collector_success", "collector")
        self.assertIn("journal", success)
        self.assertIn("oom", success)
        self.assertEqual({name for name, ok in success.items() if ok != 1}, set(), success)
        # memwatchd runs as the unit's user memwatch, in the journal group.
        status = self.inside("cat", f"/proc/{self.main_pid()}/status").stdout
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
        groups = re.search(r"^Groups:(.*)$", status, re.M).group(1).split()
        self.assertEqual(str(uid), self.inside("getent", "passwd", "memwatch").stdout.split(":")[2])
        journal_gid = self.inside("getent", "group", "systemd-journal").stdout.split(":")[2]
        self.assertIn(journal_gid, groups)
        # It reads the container's system journal: a unit's output shows up by its name.
        self.inside("systemd-run", "--unit=memwatch-probe", "--wait", "--quiet",
                    "echo", "memwatch system test")
        wait_until(lambda: self.series("memwatch_journal_entries_total", "producer").get(
            "memwatch-probe.service", 0) >= 1, 15,
            lambda: f"memwatch-probe.service in {self.series('memwatch_journal_entries_total', 'producer')}")
        # UMask=0077: what it writes (the journal cursor, saved when test_02 stopped it) is its
        # own only; ofstream asks for 0666.
        files = self.inside("find", "/var/lib/private/memwatch", "-type", "f",
                            "-printf", "%m %p\n").stdout.split("\n")
        files = [line for line in files if line]
        self.assertTrue(files, "nothing in memwatchd's state directory")
        self.assertEqual([line for line in files if not line.startswith("600 ")], [], files)
        # Its soft descriptor limit raised to the hard one for --web.max-connections: through
        # prlimit64, which the syscall filter (~@resources takes setrlimit) lets through.
        limits = self.inside("cat", f"/proc/{self.main_pid()}/limits").stdout
        soft, hard = re.search(r"^Max open files\s+(\d+)\s+(\d+)", limits, re.M).groups()
        self.assertEqual(soft, hard, limits)
        self.assertGreater(int(soft), 1024 + 64, limits)
        # journald's CPU and memory, though ProtectProc=invisible hides root's journald from
        # memwatchd's /proc: read from journald's unit cgroup instead.
        for family in ("memwatch_journald_cpu_seconds_total",
                       "memwatch_journald_resident_memory_bytes"):
            self.assertGreater(self.series(family, None).get(None, 0), 0,
                               f"{family} missing or 0 under the unit")
        # A private /dev (no console, which the container's /dev has) with /dev/kmsg bound in,
        # and the devices cgroup lets it read /dev/kmsg (1:11).
        devices = self.inside("ls", f"/proc/{self.main_pid()}/root/dev").stdout.split()
        self.assertIn("kmsg", devices)
        self.assertNotIn("console", devices)
        allowed = self.inside("cat", "/sys/fs/cgroup/devices/system.slice/memwatchd.service/"
                              "devices.list").stdout.split("\n")
        self.assertIn("c 1:11 r", allowed)

    def test_04_oom_kill_in_a_unit_is_reported_with_its_name(self):
        # The kernel log is the host's, and memwatchd counts the kills still in it at start,
        # earlier runs' too, and sees those of a run in another container at the same time:
        # this run's kill is the one in this container's cgroup.
        before = self.series("memwatch_oom_kills_by_unit_total", "unit").get(OOM_VICTIM, 0)
        # head bounds the allocation should MemoryMax= not hold: tail keeps a line-less stream.
        self.inside("systemd-run", f"--unit={OOM_VICTIM}", "-p", "MemoryMax=32M",
                    "-p", "MemorySwapMax=0", "sh", "-c", "head -c 512M /dev/zero | tail")
        def this_kill():
            kills = json.loads(harness.fetch(self.url("/api/v1/oom-kills")))
            return [(kill["comm"], kill["unit"]) for kill in kills
                    if self.victim_cgroup() in kill["cgroup"]]
        wait_until(this_kill, 30, lambda: f"the kill in /api/v1/oom-kills: {this_kill()}")
        self.assertEqual(this_kill(), [("tail", OOM_VICTIM)])
        self.assertGreater(
            self.series("memwatch_oom_kills_by_unit_total", "unit").get(OOM_VICTIM, 0), before)
        # alerts.command ran for it, under the unit's sandbox and system call filter (a new
        # process group, execve, pidfd).
        def alerted():
            log = self.inside("cat", ALERT_LOG, check=False).stdout
            return [entry for entry in log.split("\n\n")
                    if "MEMWATCH_EVENT=oom_kill" in entry and f"MEMWATCH_UNIT={OOM_VICTIM}" in entry
                    and self.victim_cgroup() in entry]
        wait_until(alerted, 15, lambda: f"the kill in {ALERT_LOG}:\n"
                   f"{self.inside('cat', ALERT_LOG, check=False).stdout}")
        self.assertIn("MEMWATCH_COMM=tail", alerted()[0])
        # (systemd's own Result=oom-kill needs cgroup v2's memory.events: not checked here.)

    def test_05_journal_flood_is_flagged(self):
        self.inside("systemd-run", "--unit=memwatch-flood", "-p", "RuntimeMaxSec=20", "sh", "-c",
                    f"while :; do seq {FLOOD_LINES_PER_SECOND}; sleep 1; done")
        try:
            wait_until(lambda: self.series("memwatch_journal_flood_active", "producer").get(
                "memwatch-flood.service") == 1, 15,
                lambda: f"the flood in {self.series('memwatch_journal_flood_active', 'producer')}")
        finally:
            self.inside("systemctl", "stop", "memwatch-flood.service", check=False)
        self.assertEqual(self.series("memwatch_journal_floods_total", "producer").get(
            "memwatch-flood.service"), 1)
        self.assertNotIn("memwatch-probe.service",
                         self.series("memwatch_journal_flood_active", "producer"))

    def test_06_dbus_service_on_the_system_bus_under_its_policy(self):
        owner = self.inside("busctl", "--system", "status", BUS_NAME).stdout
        self.assertRegex(owner, rf"(?m)^PID={self.main_pid()}$")
        version = self.inside("busctl", "--system", "get-property", BUS_NAME, BUS_PATH, BUS_NAME,
                              "Version").stdout
        self.assertRegex(version, r'^s "\d+\.\d+')
        # Anyone may read the recent OOM kills, which hold the kill of test_04.
        as_nobody = ("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")
        kills = self.inside(*as_nobody, "busctl", "--system", "--json=short", "call", BUS_NAME,
                            BUS_PATH, BUS_NAME, "GetRecentOomKills").stdout
        self.assertIn(self.victim_cgroup(), json.dumps(json.loads(kills)))
        # Only root may make it reload.
        refused = self.inside(*as_nobody, "busctl", "--system", "call", BUS_NAME, BUS_PATH,
                              BUS_NAME, "Reload", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("Access denied", refused.stderr)
        self.inside("busctl", "--system", "call", BUS_NAME, BUS_PATH, BUS_NAME, "Reload")
        wait_until(lambda: "configuration reloaded" in self.inside(
            "journalctl", "--no-pager", "--unit", UNIT, "--since=-10s").stdout, 10,
            "the reload asked for on D-Bus")

    def test_07_reload_applies_a_change_and_refuses_a_broken_one(self):
        pid = self.main_pid()
        self.write_config(buddyinfo="false")
        self.inside("systemctl", "reload", UNIT)
        wait_until(lambda: "buddyinfo" not in self.series("node_scrape_collector_success",
                                                          "collector"), 10, "buddyinfo to go")

        self.write_config(buddyinfo="false", meminfo="maybe")
        self.inside("systemctl", "reload", UNIT)
        wait_until(lambda: "last reload failed" in self.show("StatusText")["StatusText"], 10,
                   lambda: f"a failed reload in the status: {self.status()}")
        status = self.status()
        self.assertIn("Active: active (running)", status)
        self.assertRegex(status, rf"reload refused.*{re.escape(CONFIG)}.*meminfo")
        self.assertEqual(self.main_pid(), pid)
        self.assertEqual(self.series("node_scrape_collector_success", "collector").get("meminfo"),
                         1)

        self.write_config()
        self.inside("systemctl", "reload", UNIT)
        wait_until(lambda: "buddyinfo" in self.series("node_scrape_collector_success",
                                                      "collector"), 10, "buddyinfo to return")

    def test_07b_tls_and_basic_auth_under_the_unit(self):
        """As the README tells an operator: certificates and a web config in /etc/memwatch, the
        key readable by the memwatch group only, the file named in memwatchd.yml, a reload. The
        unit's user reads them, GnuTLS works under the sandbox and the system call filter."""
        material = tls_material.Material(tempfile.mkdtemp(dir=self.scratch))
        password = "system-test"
        files = {"/etc/memwatch/memwatchd.crt": material.path("server.crt"),
                 "/etc/memwatch/memwatchd.key": material.path("server.key")}
        for inside, host in files.items():
            with open(host, encoding="ascii") as f:
                self.container.write(inside, f.read())
        self.inside("chown", "root:memwatch", "/etc/memwatch/memwatchd.key")
        self.inside("chmod", "640", "/etc/memwatch/memwatchd.key")
        self.container.write("/etc/memwatch/web.yml", (
            "tls_server_config:\n  cert_file: memwatchd.crt\n  key_file: memwatchd.key\n"
            f"basic_auth_users:\n  prometheus: '{tls_material.bcrypt_hash(password)}'\n"))
        # Undone in reverse: the configuration back, a reload, the operator's files removed
        # (purge leaves files the package does not own, as dpkg does).
        self.addCleanup(self.inside, "rm", "-f", *files, "/etc/memwatch/web.yml")
        self.addCleanup(self.inside, "systemctl", "reload", UNIT)
        self.addCleanup(self.write_config)
        config = test_config(self.port).replace(
            "web:\n", "web:\n  config:\n    file: /etc/memwatch/web.yml\n", 1)
        self.container.write(CONFIG, config)
        self.inside("systemctl", "reload", UNIT)
        context = ssl.create_default_context(cafile=material.path("ca.crt"))

        def status(authorization=None):
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=5,
                                                     context=context)
            try:
                headers = {"Authorization": authorization} if authorization else {}
                connection.request("GET", "/metrics", headers=headers)
                return connection.getresponse().status
            except (OSError, http.client.HTTPException) as error:
                return error
            finally:
                connection.close()

        right = "Basic " + base64.b64encode(f"prometheus:{password}".encode()).decode()
        wrong = "Basic " + base64.b64encode(b"prometheus:wrong").decode()
        wait_until(lambda: status(right) == 200, 10,
                   lambda: f"an authorized HTTPS scrape: {status(right)}\n{self.status()}")
        self.assertEqual(status(), 401)
        self.assertEqual(status(wrong), 401)
        with self.assertRaises(OSError):  # plain HTTP on the TLS port
            harness.fetch(self.url(), timeout=5)
        self.assertEqual(self.inside("systemctl", "is-active", UNIT).stdout.strip(), "active")

    def test_08_stopped_memwatchd_is_restarted_by_the_watchdog(self):
        # The unit's WatchdogSec=30s lowered to 3 s for the test (a drop-in, removed after).
        dropin = f"/etc/systemd/system/{UNIT}.d/50-system-test-watchdog.conf"
        self.container.write(dropin, "[Service]\nWatchdogSec=3s\n")
        try:
            self.inside("systemctl", "daemon-reload")
            self.inside("systemctl", "restart", UNIT)
            pid = self.main_pid()
            restarts = int(self.show("NRestarts")["NRestarts"])
            self.inside("systemctl", "kill", "--kill-who=main", "--signal=SIGSTOP", UNIT)
            wait_until(lambda: self.main_pid() not in (0, pid) and self.show(
                "ActiveState")["ActiveState"] == "active", 30,
                lambda: f"a restart after the watchdog: {self.status()}")
            self.assertEqual(int(self.show("NRestarts")["NRestarts"]), restarts + 1)
            log = self.inside("journalctl", "--no-pager", "-u", UNIT, "--since=-60s").stdout
            self.assertIn("Watchdog timeout", log)
            harness.fetch(self.url())
        finally:
            self.inside("rm", "-f", dropin)
            self.inside("systemctl", "daemon-reload")

    def test_09_security_score_inside_is_the_offline_one(self):
        inside = exposure(self.inside("systemd-analyze", "security", "--no-pager", UNIT).stdout)
        unit_file = os.path.join(self.unpacked, "usr/lib/systemd/system", UNIT)
        if not os.path.exists(unit_file):
            unit_file = os.path.join(self.unpacked, "lib/systemd/system", UNIT)
        offline = subprocess.run(["systemd-analyze", "security", "--no-pager", "--offline=yes",
                                  unit_file], capture_output=True, text=True)
        say(f"systemd-analyze security: {inside} inside, {exposure(offline.stdout)} offline")
        self.assertEqual(inside, exposure(offline.stdout))

    def test_09b_address_allow_list_drops_public_peers(self):
        """IPAddressDeny=any with the unit's allow list, enforced: a peer at a private address
        is served, one at a public address gets no answer at all. Both are addresses put on the
        host's loopback (which the container shares) for this test only: 10.254.77.7, and
        198.51.100.7 (TEST-NET-2), on which memwatchd listens meanwhile."""
        private, public = "10.254.77.7", "198.51.100.7"
        for address in (private, public):
            subprocess.run(["ip", "address", "add", f"{address}/32", "dev", "lo"], check=True)
            self.addCleanup(subprocess.run,
                            ["ip", "address", "del", f"{address}/32", "dev", "lo"], check=True)
        self.addCleanup(self.inside, "systemctl", "restart", UNIT)
        self.addCleanup(self.write_config)
        self.container.write(CONFIG, test_config(self.port, host=public))
        self.inside("systemctl", "restart", UNIT)

        def scrape_from(source):
            connection = http.client.HTTPConnection(public, self.port, timeout=3,
                                                    source_address=(source, 0))
            try:
                connection.request("GET", "/metrics")
                return connection.getresponse().status
            except OSError as error:
                return error
            finally:
                connection.close()

        wait_until(lambda: scrape_from(private) == 200, 10,
                   lambda: f"a scrape from {private}: {scrape_from(private)}\n{self.status()}")
        refused = scrape_from(public)
        self.assertIsInstance(refused, TimeoutError, f"a scrape from {public}: {refused}")
        say(f"from {private}: 200; from {public}: {refused!r}")

    def test_10_remove_stops_and_purge_leaves_nothing(self):
        self.inside("apt-get", "remove", "-y", "memwatch", timeout=120)
        self.assertNotEqual(self.inside("systemctl", "is-active", UNIT, check=False).stdout.strip(),
                            "active")
        with self.assertRaises(urllib.error.URLError):
            harness.fetch(self.url(), timeout=2)
        self.inside("apt-get", "purge", "-y", "memwatch", timeout=120)
        self.inside("rm", ALERT_COMMAND)  # the test's own, not the package's
        left = self.inside(
            "find", "/etc", "/var", "/usr", "/run", "-xdev", "(", "-iname", "*memwatch*",
            "-o", "-lname", "*memwatch*", ")", "-not", "-path", "/var/log/journal/*",
            "-not", "-path", "/run/systemd/transient/memwatch-*").stdout  # the test's own units
        self.assertEqual(left, "")
        self.assertIn("no packages found",
                      self.inside("dpkg", "-l", "memwatch", check=False).stderr)


if __name__ == "__main__":
    harness.main()

"""A Debian root booted with systemd as PID 1 in systemd-nspawn, on a host whose PID 1 need not
be systemd (no machined, so --register=no --keep-unit): the nspawn process is first moved into
cgroups of its own, one under each hierarchy mounted under /sys/fs/cgroup (the v1 controllers,
name=systemd and the unified one), below this process's own cgroups, so that containers of
parallel runs do not collide and whatever the container leaves is killed and removed with them.
Commands run inside with nsenter into all of its PID 1's namespaces."""

import os
import signal
import subprocess
import tempfile
import time

CGROUP_ROOT = "/sys/fs/cgroup"
BOOT_TIMEOUT_S = 60
# PATH inside: nsenter would pass on this process's environment (CI=true, the host's PATH...).
INSIDE_ENV = ("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
              "SYSTEMD_PAGER=", "SYSTEMD_COLORS=0", "DEBIAN_FRONTEND=noninteractive")


def _read(path):
    with open(path, encoding="ascii") as f:
        return f.read()


def _write(path, text):
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _own_cgroup_directories():
    """This process's cgroup directory in each hierarchy mounted under /sys/fs/cgroup."""
    mounts = []  # (mount point, root inside the hierarchy, fstype, super options)
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            separator = fields.index("-")
            fstype, options = fields[separator + 1], set(fields[separator + 3].split(","))
            if fstype in ("cgroup", "cgroup2") and fields[4].startswith(CGROUP_ROOT + "/"):
                mounts.append((fields[4], fields[3], fstype, options))
    directories = []
    with open("/proc/self/cgroup", encoding="ascii") as f:
        for line in f:
            hierarchy, controllers, path = line.rstrip("\n").split(":", 2)
            for mount_point, mount_root, fstype, options in mounts:
                if hierarchy == "0":
                    matches = fstype == "cgroup2"
                else:
                    matches = fstype == "cgroup" and set(controllers.split(",")) <= options
                if matches:
                    relative = os.path.relpath(path, mount_root)
                    directories.append(os.path.normpath(os.path.join(mount_point, relative)))
    return directories


class Cgroups:
    """A cgroup named `name` under this process's own in every hierarchy."""

    def __init__(self, name, paths=None):
        self.paths = []
        if paths is not None:  # existing ones, to be removed
            self.paths = paths
            return
        try:
            for parent in _own_cgroup_directories():
                path = os.path.join(parent, name)
                os.mkdir(path)
                self.paths.append(path)
                # A v1 cpuset cgroup admits no process before it has CPUs and memory nodes.
                for key in ("cpuset.cpus", "cpuset.mems"):
                    if os.path.exists(os.path.join(path, key)):
                        _write(os.path.join(path, key), _read(os.path.join(parent, key)))
        except BaseException:
            self.remove()
            raise

    def add_self(self):
        """For a child between fork and exec: moves the calling process into every cgroup."""
        for path in self.paths:
            _write(os.path.join(path, "cgroup.procs"), str(os.getpid()))

    def pids(self):
        found = set()
        for path in self.paths:
            for directory, _, _ in os.walk(path):
                try:
                    found.update(int(p) for p in _read(os.path.join(directory, "cgroup.procs")).split())
                except FileNotFoundError:
                    pass
        return found

    def kill_all(self):
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def remove(self):
        """Removes the cgroups and whatever the container created below them, deepest first;
        retries while killed processes are still leaving."""
        deadline = time.monotonic() + 10
        for path in self.paths:
            for directory, _, _ in sorted(os.walk(path, topdown=False), key=lambda w: -len(w[0])):
                while True:
                    try:
                        os.rmdir(directory)
                        break
                    except FileNotFoundError:
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise
                        self.kill_all()
                        time.sleep(0.1)
        self.paths = []


def remove_abandoned(prefix):
    """Containers of earlier runs killed before they could clean up (a ctest timeout): the
    cgroups named `prefix`<pid> of a process that is gone, with whatever still runs in them."""
    abandoned = {}
    for parent in _own_cgroup_directories():
        for name in os.listdir(parent):
            pid = name[len(prefix):]
            if name.startswith(prefix) and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                abandoned.setdefault(name, []).append(os.path.join(parent, name))
    for name, paths in abandoned.items():
        print(f"removing the abandoned container {name}", flush=True)
        Cgroups(name, paths).remove()


def _container_init(cgroups):
    """The host PID of the container's PID 1: the process of our cgroups that is PID 1 in its
    own PID namespace."""
    for pid in cgroups.pids():
        try:
            status = _read(f"/proc/{pid}/status")
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("NSpid:"):
                pids = line.split()[1:]
                if len(pids) == 2 and pids[1] == "1":
                    return pid
    return None


class Container:
    def __init__(self, root, name, binds=()):
        """Boots `root` (read-only, changes in a tmpfs overlay). `binds`: (host path, path
        inside) pairs bound read-only."""
        self.name = name
        self.cgroups = Cgroups(name)
        self.console = tempfile.NamedTemporaryFile(prefix=f"{name}-console-", suffix=".log",
                                                   delete=False)
        self.nspawn = None
        self.init_pid = None
        try:
            # --system-call-filter=bpf: nspawn's own filter denies bpf(), which systemd inside
            # needs for IPAddressDeny=/IPAddressAllow= as it has on a host (without it, systemd
            # leaves the unit's address allow list unenforced).
            command = ["systemd-nspawn", "-D", root, "-b", f"--machine={name}", "--register=no",
                       "--keep-unit", "--volatile=overlay", "--capability=CAP_SYSLOG",
                       "--bind-ro=/dev/kmsg", "--console=read-only", "--system-call-filter=bpf",
                       *(f"--bind-ro={host}:{inside}" for host, inside in binds)]
            self.nspawn = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.console,
                                           stderr=subprocess.STDOUT,
                                           preexec_fn=self.cgroups.add_self)
            self._wait_for_boot()
        except BaseException:
            self.stop()
            raise

    def _wait_for_boot(self):
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while self.init_pid is None:
            if self.nspawn.poll() is not None:
                raise AssertionError(f"systemd-nspawn exited with {self.nspawn.returncode}:\n"
                                     f"{self.console_log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no container PID 1 after {BOOT_TIMEOUT_S} s:\n"
                                     f"{self.console_log()}")
            self.init_pid = _container_init(self.cgroups)
            time.sleep(0.05)
        self.wait_for_systemd(deadline)

    def wait_for_systemd(self, deadline=None):
        """Until systemd inside has booted (or re-executed): "running", or "degraded" (a unit
        that needs what a container lacks)."""
        deadline = deadline or time.monotonic() + BOOT_TIMEOUT_S
        while True:
            state = self.run("systemctl", "is-system-running", "--wait", check=False,
                             timeout=max(1, deadline - time.monotonic()))
            # Before PID 1 listens: "offline", or no /run/systemd/private at all yet.
            starting = state.stdout.strip() == "offline" or "Failed to connect" in state.stderr
            if not starting or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if state.stdout.strip() not in ("running", "degraded"):
            raise AssertionError(f"the container did not boot: {state.stdout}{state.stderr}\n"
                                 f"{self.console_log()}")

    def console_log(self):
        with open(self.console.name, encoding="utf-8", errors="replace") as f:
            return f.read()[-8000:]

    def run(self, *command, check=True, timeout=60, input=None):
        """Runs `command` inside, in all of the container's namespaces, as root."""
        result = subprocess.run(
            ["nsenter", "-t", str(self.init_pid), "-a", *INSIDE_ENV, *command],
            capture_output=True, text=True, timeout=timeout, input=input)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} exited with {result.returncode} in the "
                                 f"container:\n{result.stdout}{result.stderr}")
        return result

    def write(self, path, text):
        self.run("sh", "-c", 'mkdir -p "$(dirname "$1")" && cat >"$1"', "sh", path, input=text)

    def stop(self):
        """Powers off, then kills what is left; removes the cgroups. Idempotent."""
        if self.nspawn is not None and self.nspawn.poll() is None:
            if self.init_pid is not None:
                # SIGRTMIN+4 to systemd: poweroff, as machinectl poweroff sends.
                try:
                    os.kill(self.init_pid, signal.SIGRTMIN + 4)
                except ProcessLookupError:
                    pass
            try:
                self.nspawn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.nspawn.kill()
                self.nspawn.wait()
        self.cgroups.kill_all()
        self.cgroups.remove()
        if os.path.exists(self.console.name):
            os.unlink(self.console.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

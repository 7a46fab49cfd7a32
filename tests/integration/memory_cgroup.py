"""A memory cgroup with a hard limit, on cgroup v1 (the memory controller mounted on its own, as on
this project's machines) or v2 (the unified hierarchy with +memory, as on most hosts), and a child
process that allocates past the limit so that the kernel OOM-kills it for real. Needs root."""

import os
import subprocess
import sys
import time
import unittest

import harness

V1_ROOT = "/sys/fs/cgroup/memory"
V2_ROOT = "/sys/fs/cgroup"

# Touches every page so the memory is really charged to the cgroup, then waits to be killed.
ALLOCATE = "import time\nb = []\nfor _ in range({mib}):\n    b.append(bytearray(1 << 20))\ntime.sleep(60)\n"


def _write(path, text):
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _read(path):
    try:
        with open(path, encoding="ascii") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def require_root():
    if os.geteuid() != 0:
        message = "a real OOM kill needs root (to create a memory cgroup)"
        if harness.IN_CI:
            raise AssertionError(message + "; under CI=true this is a failure, not a skip")
        raise unittest.SkipTest(message)


class MemoryCgroup:
    def __init__(self, name, limit_bytes):
        require_root()
        if os.path.exists(os.path.join(V1_ROOT, "memory.limit_in_bytes")):
            self.path = os.path.join(V1_ROOT, name)
            self.kernel_path = "/" + name  # as the kernel prints it in task_memcg=
            os.mkdir(self.path)
            _write(os.path.join(self.path, "memory.limit_in_bytes"), str(limit_bytes))
            swap_limit = os.path.join(self.path, "memory.memsw.limit_in_bytes")
            if os.path.exists(swap_limit):
                _write(swap_limit, str(limit_bytes))
        elif "memory" in _read(os.path.join(V2_ROOT, "cgroup.controllers")).split():
            _write(os.path.join(V2_ROOT, "cgroup.subtree_control"), "+memory")
            self.path = os.path.join(V2_ROOT, name)
            self.kernel_path = "/" + name
            os.mkdir(self.path)
            _write(os.path.join(self.path, "memory.max"), str(limit_bytes))
            if os.path.exists(os.path.join(self.path, "memory.swap.max")):
                _write(os.path.join(self.path, "memory.swap.max"), "0")
        else:
            raise AssertionError("no memory cgroup controller: neither v1 at "
                                 f"{V1_ROOT} nor v2 with +memory at {V2_ROOT}")

    def run_to_oom(self, allocate_mib=256):
        """Starts a child in the cgroup that allocates past the limit; returns its pid and the
        monotonic time at which its parent saw it die, after checking it died of SIGKILL."""
        procs = os.path.join(self.path, "cgroup.procs")
        child = subprocess.Popen(
            [sys.executable, "-c", ALLOCATE.format(mib=allocate_mib)],
            preexec_fn=lambda: _write(procs, str(os.getpid())))
        returncode = child.wait(timeout=60)
        died = time.monotonic()
        if returncode != -9:
            raise AssertionError(f"the child exited with {returncode}, not killed by the OOM killer")
        return child.pid, died

    def remove(self):
        for _ in range(50):
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)  # the killed child's memory is still being released
        os.rmdir(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

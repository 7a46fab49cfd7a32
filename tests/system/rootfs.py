"""A Debian 12 root file system for the system test, built with mmdebstrap and cached outside the
source tree, keyed by everything that decides its contents (the package list, the suites, the
mmdebstrap options), so that a changed Depends of the package builds a new one and an unchanged
one is reused. A build goes to a temporary directory renamed into place when complete: an
interrupted build is never mistaken for a root."""

import hashlib
import json
import os
import shutil
import subprocess
import time

CACHE_DIR = os.environ.get("MEMWATCH_SYSTEM_TEST_CACHE", "/var/cache/memwatch-system-test")
# Roots kept in the cache (least recently used ones removed beyond it): branches with different
# Depends each keep theirs, and the cache stays bounded at a few hundred MB a root.
CACHE_ENTRIES = 3
IN_USE_S = 30 * 60
SUITE = "bookworm"
# The host's suites: a package built here may depend on versions from bookworm-updates or the
# security archive.
SOURCES = (
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
)
# What the container needs besides the package's Depends: systemd as PID 1, a system bus, and
# the tools the test runs inside.
BASE_PACKAGES = ("systemd", "systemd-sysv", "dbus", "curl")
BUILD_TIMEOUT_S = 600


def _key(packages):
    description = {"suite": SUITE, "sources": SOURCES, "variant": "apt",
                   "packages": sorted(set(packages))}
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()[:16]


def _remove_abandoned_builds():
    """Temporary directories of builds whose process is gone (killed, machine rebooted)."""
    for name in os.listdir(CACHE_DIR):
        if not name.startswith("building-"):
            continue
        pid = name.split("-")[1]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(os.path.join(CACHE_DIR, name), ignore_errors=True)


def _prune(keep):
    roots = [os.path.join(CACHE_DIR, n) for n in os.listdir(CACHE_DIR)
             if n.startswith("root-") and os.path.join(CACHE_DIR, n) != keep]
    roots.sort(key=os.path.getmtime, reverse=True)
    for old in roots[CACHE_ENTRIES - 1:]:
        # Not one another run may have booted just now (their runs last minutes).
        if time.time() - os.path.getmtime(old) > IN_USE_S:
            shutil.rmtree(old, ignore_errors=True)


def debian_root(extra_packages):
    """The path of a root with BASE_PACKAGES and `extra_packages` installed, built if missing.
    The root is used read-only (systemd-nspawn --volatile=overlay): containers share it."""
    packages = sorted(set(BASE_PACKAGES) | set(extra_packages))
    os.makedirs(CACHE_DIR, exist_ok=True)
    _remove_abandoned_builds()
    root = os.path.join(CACHE_DIR, f"root-{_key(packages)}")
    if os.path.isdir(root):
        os.utime(root)  # most recently used, for _prune
        print(f"system test: Debian root {root} (cached)", flush=True)
        return root
    building = os.path.join(CACHE_DIR, f"building-{os.getpid()}-{time.monotonic_ns()}")
    started = time.monotonic()
    print(f"system test: building a Debian root with {', '.join(packages)}", flush=True)
    try:
        result = subprocess.run(
            ["mmdebstrap", "--variant=apt", "--quiet", f"--include={','.join(packages)}",
             SUITE, building, *SOURCES],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=BUILD_TIMEOUT_S)
        if result.returncode != 0:
            raise AssertionError(f"mmdebstrap failed ({result.returncode}):\n{result.stdout[-4000:]}")
        # The package list, for whoever wonders what a cache entry holds.
        with open(os.path.join(building, "memwatch-system-test-packages"), "w") as f:
            f.write("\n".join(packages) + "\n")
        try:
            os.rename(building, root)
        except OSError:
            if not os.path.isdir(root):  # not a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    print(f"system test: Debian root built in {time.monotonic() - started:.1f} s", flush=True)
    _prune(root)
    return root

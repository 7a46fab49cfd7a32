#!/usr/bin/env python3
"""Journal reader throughput, side by side in one run on one journal: memwatchd catching up on a
backlog of entries against a raw one-pass SD_JOURNAL_FOREACH_DATA iteration and
`journalctl -o export`, then memwatchd's CPU per 100 000 entries while a writer floods journald
at full speed. Needs root (a private journald namespace). A benchmark: it asserts nothing.

    MEMWATCHD=build/memwatchd python3 tests/bench/journal_throughput.py --build build
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402
from journald import NamespaceJournald  # noqa: E402

PROGRAM_NAMES = ["nginx", "postgres", "app-worker", "cron", "sshd", "kernel-thing", "backup"]


def cpu_seconds(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        with open(path) as f:
            total += int(f.read().split()[0])
    return total / 1e9


WRITER = """
import socket, sys
socket_path, entries = sys.argv[1], int(sys.argv[2])
names = %r
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 22)
for i in range(entries):
    payload = ("MESSAGE=request %%d served in %%d ms from 10.0.%%d.%%d\\n"
               "SYSLOG_IDENTIFIER=%%s\\nPRIORITY=%%d\\nCODE_FILE=server.c\\nCODE_LINE=%%d\\n"
               %% (i, i %% 97, i %% 255, i %% 13, names[i %% len(names)], 3 + i %% 5, i %% 700))
    s.sendto(payload.encode(), socket_path)
""" % (PROGRAM_NAMES,)


def fill(journal, entries, scratch):
    """Writes `entries` realistic entries as fast as journald takes them. The writer runs from a
    file: journald stores each sender's _CMDLINE, and one over 512 bytes is stored compressed,
    which makes every reader of all fields decompress it once per entry (about 20 times slower;
    see the README)."""
    script = os.path.join(scratch, "writer.py")
    with open(script, "w") as f:
        f.write(WRITER)
    subprocess.run([sys.executable, script, f"{journal.socket_dir}/socket", str(entries)],
                   check=True)


def counted(daemon):
    families = harness.parse_exposition(daemon.scrape())
    return sum(v for _, _, v in families["memwatch_journal_entries_total"].samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--entries", type=int, default=300000)
    parser.add_argument("--follow", type=int, default=200000)
    args = parser.parse_args()

    namespace = f"memwatch-bench-{os.getpid()}"
    with NamespaceJournald(namespace, config="RateLimitIntervalSec=0\nSystemMaxUse=2G\n") as \
            journal, tempfile.TemporaryDirectory() as tmp:
        fill(journal, args.entries, tmp)
        machine_id = open("/etc/machine-id").read().strip()
        directory = next(d for d in (f"/var/log/journal/{machine_id}.{namespace}",
                                     f"/run/log/journal/{machine_id}.{namespace}")
                         if os.path.isdir(d))
        total = journal.count()
        print(f"journal: {total} entries in {directory}\n")

        raw = subprocess.run([os.path.join(args.build, "tests", "memwatch_bench_raw_journal_read"),
                              directory], capture_output=True, text=True, check=True).stdout.split()
        raw_rate = int(raw[0]) / float(raw[1])
        started = time.monotonic()
        export_cpu_before = os.times().children_user + os.times().children_system
        subprocess.run(["journalctl", f"--directory={directory}", "-o", "export"],
                       stdout=subprocess.DEVNULL, check=True)
        export_cpu = os.times().children_user + os.times().children_system - export_cpu_before
        export_rate = total / export_cpu

        # A saved position at the first entry makes memwatchd catch up on everything after it.
        first = subprocess.run(["journalctl", f"--directory={directory}", "-o", "export",
                                "-n", str(total), "--no-pager"], capture_output=True,
                               text=True).stdout.split("\n", 1)[0]
        state_file = os.path.join(tmp, "cursor")
        with open(state_file, "w") as f:
            f.write(first.removeprefix("__CURSOR=") + "\n")
        with harness.Daemon(f"--collector.journal.directory={directory}",
                            f"--collector.journal.state-file={state_file}", journal=True) as daemon:
            # The constructor catches up before HTTP starts; what it spent is the backlog cost.
            while counted(daemon) < total - 1:
                time.sleep(0.05)
            backlog_cpu = cpu_seconds(daemon.process.pid)
        backlog_rate = (total - 1) / backlog_cpu

        with harness.Daemon(f"--collector.journal.namespace={namespace}",
                            f"--collector.journal.state-file={state_file}.follow",
                            journal=True) as daemon:
            before_cpu = cpu_seconds(daemon.process.pid)
            before = counted(daemon)
            started = time.monotonic()
            fill(journal, args.follow, tmp)
            while counted(daemon) < before + args.follow:
                time.sleep(0.05)
            follow_seconds = time.monotonic() - started
            follow_cpu = cpu_seconds(daemon.process.pid) - before_cpu

    print(f"{'backlog, entries per CPU second':44} {'rate':>12} {'vs raw':>8}")
    print(f"{'raw SD_JOURNAL_FOREACH_DATA pass':44} {raw_rate:>12,.0f} {1:>8.2f}")
    print(f"{'journalctl -o export':44} {export_rate:>12,.0f} {export_rate / raw_rate:>8.2f}")
    print(f"{'memwatchd catching up':44} {backlog_rate:>12,.0f} {backlog_rate / raw_rate:>8.2f}"
          "   (target >= 800,000/s)")
    print(f"\nfollowing a flood of {args.follow} entries ({args.follow / follow_seconds:,.0f}/s "
          f"as journald took them): memwatchd used {follow_cpu:.3f} s CPU, "
          f"{follow_cpu / args.follow * 100000:.4f} s per 100 000 entries (target <= 0.05 s)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A fleet of memwatchd instances scraped by one real Prometheus: N memwatchd on loopback ports,
each following a journald namespace of its own that a few producers log to (one instance's also
flooded), scraped every --interval for --duration with the package's alerting rules loaded.
Prints series per instance, Prometheus' samples ingested per second, scrape durations, memwatchd
CPU and RSS per instance, and whether the rules evaluate over every instance. Needs root
(journald namespaces). A benchmark: it asserts nothing about time; it exits 1 only when the
rules do not evaluate over the whole fleet.

    MEMWATCHD=build/memwatchd python3 tests/bench/fleet.py [--instances 20] [--duration 180]
"""

import argparse
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402
from journald import NamespaceJournald  # noqa: E402
from prometheus_server import PrometheusServer  # noqa: E402

RULES = os.path.join(harness.SOURCE_DIR, "packaging", "prometheus", "memwatch-alerts.yml")
JOB = "memwatch"  # what MemwatchDown's up{job="memwatch"} expects
# Light traffic on every instance: one entry a second from each of these (PRIORITY 6).
PRODUCERS = ("nginx", "postgres", "cron", "sshd")
FLOODER = "chatty"
FLOOD_ENTRIES_PER_SECOND = 200
# Below journald's default rate limit (10 000 entries per 30 s per sender), so that the flood is
# stored and not suppressed, and above the flooding instance's threshold.
FLOOD_ARGS = ("--collector.journal.flood-entries-per-second=100",)


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads) from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid):
    """{VmRSS, VmHWM, RssFile: MiB} from /proc/PID/status. RssFile is the part that is file
    pages (shared libraries, the journal files sd-journal maps), which the page cache holds
    anyway."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssFile"):
                found[key] = int(rest.split()[0]) / 1024
    return found


class Traffic:
    """Light log traffic on every journal, and a flood on the first, on a thread of its own,
    until stop()."""

    def __init__(self, journals):
        self.journals = journals
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        ticks_per_second = 10
        sequence = tick = 0
        next_tick = time.monotonic()
        while not self.stopping.is_set():
            tick += 1
            for _ in range(FLOOD_ENTRIES_PER_SECOND // ticks_per_second):
                sequence += 1
                self.journals[0].send({"MESSAGE": f"retrying connection, attempt {sequence}",
                                       "SYSLOG_IDENTIFIER": FLOODER, "PRIORITY": 4})
            if tick % ticks_per_second == 0:
                for journal in self.journals:
                    for producer in PRODUCERS:
                        journal.send({"MESSAGE": f"{producer}: request {sequence} served",
                                      "SYSLOG_IDENTIFIER": producer, "PRIORITY": 6})
            next_tick += 1 / ticks_per_second
            self.stopping.wait(max(0.0, next_tick - time.monotonic()))

    def stop(self):
        self.stopping.set()
        self.thread.join()


def spread(values):
    """min, median, max."""
    return min(values), statistics.median(values), max(values)


def by_instance(prometheus, expression):
    return {sample["metric"]["instance"]: float(sample["value"][1])
            for sample in prometheus.query(expression)}


def scalar(prometheus, expression):
    values = prometheus.values(expression)
    return float(values[0]) if values else float("nan")


def start_fleet(stack, count, scratch):
    """The journals and the memwatchds reading them, each with its cleanup on `stack`. Each
    memwatchd writes its own records (a flood starting, an OOM kill) to its namespace, not to the
    host's journal."""
    journals, daemons = [], []
    for i in range(count):
        journal = NamespaceJournald(f"memwatch-fleet-{os.getpid()}-{i}")
        stack.callback(journal.stop)
        journals.append(journal)
    for i, journal in enumerate(journals):
        directory = os.path.join(scratch, str(i))
        os.mkdir(directory)
        daemon = harness.Daemon(
            f"--collector.journal.namespace={journal.namespace}",
            f"--collector.journal.state-file={os.path.join(directory, 'cursor')}",
            *(FLOOD_ARGS if i == 0 else ()),
            journal=True, command_prefix=journal.command_prefix(directory))
        stack.callback(daemon.stop)
        daemons.append(daemon)
    return journals, daemons


def check_rules(prometheus, instances, flooder):
    """Prints whether the rules evaluate over the whole fleet; returns the failed checks."""
    groups = prometheus.api("rules")["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    unhealthy = [f"{rule['name']}: {rule['health']} {rule.get('lastError', '')}"
                 for rule in rules if rule["health"] != "ok"]
    failures = scalar(prometheus, "sum(prometheus_rule_evaluation_failures_total)")
    missed = scalar(prometheus, "sum(prometheus_rule_group_iterations_missed_total)")
    slowest = max(group["evaluationTime"] for group in groups)
    print(f"\nrules: {len(rules)} in {len(groups)} groups, {len(rules) - len(unhealthy)} with "
          f"health ok; evaluation failures {failures:.0f}, missed group iterations {missed:.0f}; "
          f"slowest group evaluation {slowest * 1000:.1f} ms")
    problems = [f"rule not healthy: {text}" for text in unhealthy]
    if failures != 0:
        problems.append(f"{failures:.0f} rule evaluation failures")
    # Alerts' expressions without their thresholds: one series per instance each.
    for expression in ("count(memwatch_build_info)", f'count(up{{job="{JOB}"}} == 1)',
                       "count(node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)",
                       "count(rate(node_pressure_memory_stalled_seconds_total[5m]))",
                       'count(memwatch_fragmentation_unusable_ratio{zone="Normal", order="3"})',
                       "count(memwatch_journal_disk_usage_bytes"
                       " / memwatch_journal_disk_max_use_bytes)",
                       "count(rate(memwatch_journald_cpu_seconds_total[5m]))"):
        got = scalar(prometheus, expression)
        print(f"  {expression} = {got:.0f}")
        if got != instances:
            problems.append(f"{expression} = {got:.0f}, not {instances}")
    alerts = prometheus.query("ALERTS")
    states = {}
    for sample in alerts:
        labels = sample["metric"]
        key = (labels["alertname"], labels["alertstate"])
        states.setdefault(key, set()).add(labels.get("instance"))
    for (name, state), on in sorted(states.items()):
        print(f"  ALERTS {name} {state} on {len(on)} instance(s)"
              + (f" ({', '.join(sorted(on))})" if len(on) < instances else ""))
    # Pending until its `for: 2m` has passed, then firing: either way its expression matched.
    if not any(s["metric"]["alertname"] == "MemwatchJournalFlood"
               and s["metric"].get("instance") == flooder for s in alerts):
        problems.append(f"no MemwatchJournalFlood alert, pending or firing, for {flooder}")
    return problems


def report(prometheus, daemons, usage, duration):
    window = f"{int(duration)}s"
    instances = [f"127.0.0.1:{daemon.port}" for daemon in daemons]
    flooder = instances[0]
    series = by_instance(prometheus, f'count by (instance) ({{job="{JOB}"}})')
    scrapes = by_instance(prometheus, f'count_over_time(up{{job="{JOB}"}}[{window}])')
    median_duration = by_instance(
        prometheus, f'quantile_over_time(0.5, scrape_duration_seconds{{job="{JOB}"}}[{window}])')
    max_duration = by_instance(
        prometheus, f'max_over_time(scrape_duration_seconds{{job="{JOB}"}}[{window}])')
    rows = [
        ("series", lambda i: series.get(i, 0), "{:.0f}"),
        ("scrapes in the window", lambda i: scrapes.get(i, 0), "{:.0f}"),
        ("scrape duration, median (ms)", lambda i: median_duration[i] * 1000, "{:.2f}"),
        ("scrape duration, max (ms)", lambda i: max_duration[i] * 1000, "{:.2f}"),
        ("CPU over the window (s)", lambda i: usage[i]["cpu"], "{:.2f}"),
        ("CPU per scrape interval (ms)",
         lambda i: usage[i]["cpu"] / max(scrapes.get(i, 1), 1) * 1000, "{:.2f}"),
        ("VmRSS at the end (MiB)", lambda i: usage[i]["VmRSS"], "{:.1f}"),
        ("  of which RssFile (MiB)", lambda i: usage[i]["RssFile"], "{:.1f}"),
        ("VmHWM (MiB)", lambda i: usage[i]["VmHWM"], "{:.1f}"),
    ]
    quiet = instances[1:]
    print(f"\nper memwatchd instance ({len(quiet)} quiet ones: min / median / max; "
          f"and the flooded one)")
    print(f"{'':30} {'min':>9} {'median':>9} {'max':>9} {'flooded':>9}")
    for name, get, form in rows:
        low, middle, high = spread([get(i) for i in quiet]) if quiet else (0, 0, 0)
        print(f"{name:30} " + " ".join(f"{form.format(v):>9}"
                                       for v in (low, middle, high, get(flooder))))
    print(f"\nPrometheus: {scalar(prometheus, 'prometheus_tsdb_head_series'):.0f} series in the "
          f"head (its own job included); samples ingested "
          f"{scalar(prometheus, 'rate(prometheus_tsdb_head_samples_appended_total[1m])'):.1f}/s "
          f"(rate over the last 1m); {usage['prometheus']['cpu']:.2f} s CPU over the window "
          f"({usage['prometheus']['cpu'] / duration * 100:.1f} % of a core), "
          f"VmRSS {usage['prometheus']['VmRSS']:.1f} MiB")
    return check_rules(prometheus, len(daemons), flooder)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--duration", type=float, default=180, help="measured seconds")
    parser.add_argument("--interval", default="5s", help="scrape and rule evaluation interval")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("fleet.py needs root: it starts journald namespaces")
    # A SIGTERM unwinds like Ctrl-C, through the cleanups.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))

    with contextlib.ExitStack() as stack:
        scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="memwatch-fleet-"))
        started = time.monotonic()
        journals, daemons = start_fleet(stack, args.instances, scratch)
        traffic = Traffic(journals)
        stack.callback(traffic.stop)
        job = {"job_name": JOB, "static_configs": [
            {"targets": [f"127.0.0.1:{daemon.port}" for daemon in daemons]}]}
        prometheus = PrometheusServer([job], scrape_interval=args.interval, rule_files=[RULES],
                                      self_job="prometheus")
        stack.callback(prometheus.stop)
        harness.wait_until(
            lambda: prometheus.values(f'count(up{{job="{JOB}"}} == 1)') == [str(args.instances)],
            timeout=120, what=lambda: f"all targets up: {prometheus.targets()}")
        print(f"{args.instances} memwatchd and journald namespaces started and scraped in "
              f"{time.monotonic() - started:.0f} s; measuring for {args.duration:.0f} s "
              f"(scrape and rule interval {args.interval})", flush=True)

        pids = {f"127.0.0.1:{daemon.port}": daemon.process.pid for daemon in daemons}
        pids["prometheus"] = prometheus.process.pid
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        load_before = os.getloadavg()[0]
        time.sleep(args.duration)
        usage = {}
        for name, pid in pids.items():
            usage[name] = {"cpu": cpu_seconds(pid) - before[name], **memory_mib(pid)}

        # The machine may be shared: its load says how much the figures are worth.
        print(f"load average (1 min) {load_before:.1f} at the start of the window, "
              f"{os.getloadavg()[0]:.1f} at its end, on {os.cpu_count()} CPUs")
        print(f"\nlog traffic: {len(PRODUCERS)} producers at 1 entry/s on every instance; the "
              f"flooded one also gets {FLOOD_ENTRIES_PER_SECOND} entries/s from {FLOODER!r} "
              f"(its flood threshold {FLOOD_ARGS[0].split('=')[1]}/s)")
        problems = report(prometheus, daemons, usage, args.duration)
    if problems:
        print("\nthe rules do not evaluate over the whole fleet:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("\nthe rules evaluate over all instances")


if __name__ == "__main__":
    main()

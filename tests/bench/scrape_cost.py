#!/usr/bin/env python3
"""Scrape cost of memwatchd against node_exporter 1.5 (same four collectors) and against reading
the six /proc files raw, side by side in one run. Prints CPU per scrape, peak RSS and the ratios.
A benchmark, not a test: it asserts nothing.

    python3 tests/bench/scrape_cost.py --build build [--scrapes 3000]
"""

import argparse
import glob
import os
import subprocess
import sys
import time
import http.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

COLLECTORS = ("meminfo", "vmstat", "pressure", "buddyinfo")


def cpu_seconds(pid):
    """CPU time of every thread of the process, in nanosecond resolution (schedstat)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended between glob and open
    return total / 1e9


def peak_rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def measure(pid, port, scrapes, gzip):
    """Scrapes over one kept-alive connection, as Prometheus does, asking for gzip like
    Prometheus or not; returns CPU seconds per scrape and the body size."""
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def scrape():
        connection.request("GET", "/metrics", headers=headers)
        response = connection.getresponse()
        if response.status != 200:
            raise AssertionError(f"HTTP {response.status}")
        return len(response.read())

    for _ in range(50):
        scrape()
    before = cpu_seconds(pid)
    size = 0
    for _ in range(scrapes):
        size = scrape()
    cpu = (cpu_seconds(pid) - before) / scrapes
    connection.close()
    return cpu, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="CMake build directory")
    parser.add_argument("--scrapes", type=int, default=3000)
    args = parser.parse_args()

    # The same four collectors as node_exporter runs; the OOM watchdog is measured on its own.
    memwatchd = harness.Daemon("--no-collector.oom")
    port = harness.free_port()
    node_exporter = subprocess.Popen(
        [harness.require_tool("prometheus-node-exporter"), f"--web.listen-address=127.0.0.1:{port}",
         "--collector.disable-defaults", *[f"--collector.{c}" for c in COLLECTORS]],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ne_url = f"http://127.0.0.1:{port}/metrics"
        harness.wait_for_http(ne_url, node_exporter)
        raw = subprocess.run([os.path.join(args.build, "tests", "memwatch_bench_raw_proc_read")],
                             capture_output=True, text=True, check=True).stdout.split()
        raw_cpu = float(raw[0])

        print(f"{args.scrapes} sequential scrapes each over one kept-alive connection, "
              "CPU of all threads from /proc/PID/task/*/schedstat\n")
        print(f"{'':32} {'CPU/scrape':>12} {'body':>9} {'peak RSS':>10}")
        print(f"{'raw read of the 6 /proc files':32} {raw_cpu * 1e6:>10.1f}us {raw[1]:>9}")
        results = {}
        for gzip in (False, True):
            mode = "gzip" if gzip else "plain"
            for name, pid, scrape_port in (("node_exporter 1.5", node_exporter.pid, port),
                                           ("memwatchd", memwatchd.process.pid, memwatchd.port)):
                cpu, size = measure(pid, scrape_port, args.scrapes, gzip)
                results[(name, mode)] = cpu
                print(f"{name + ' (' + mode + ')':32} {cpu * 1e6:>10.1f}us {size:>9}")
        ne_rss = peak_rss_bytes(node_exporter.pid)
        mw_rss = peak_rss_bytes(memwatchd.process.pid)
        print(f"\n{'peak RSS node_exporter':32} {ne_rss / 2**20:>10.1f} MiB")
        print(f"{'peak RSS memwatchd':32} {mw_rss / 2**20:>10.1f} MiB")
        print("\nratios memwatchd / node_exporter (targets: CPU <= 0.125, RSS <= 0.333):")
        for mode in ("plain", "gzip"):
            ratio = results[("memwatchd", mode)] / results[("node_exporter 1.5", mode)]
            print(f"  CPU per scrape ({mode}): {ratio:.3f}")
        print(f"  peak RSS:              {mw_rss / ne_rss:.3f}")
        print(f"  memwatchd CPU per scrape / raw read: "
              f"{results[('memwatchd', 'plain')] / raw_cpu:.1f}x")
    finally:
        memwatchd.stop()
        node_exporter.terminate()
        node_exporter.wait(timeout=10)


if __name__ == "__main__":
    main()

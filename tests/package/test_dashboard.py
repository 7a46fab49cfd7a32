"""packaging/grafana/memwatch-dashboard.json: Grafana can import it (the fields Grafana needs, a
grid without overlaps, built-in panel types, data source references through the `datasource`
variable, every variable used defined), and every query of it shows data for a host in trouble:
a real Prometheus scraping a real memwatchd after a real journal flood that journald suppresses
and a real kernel OOM kill runs every panel's every query, the annotations' and the variables'
queries, with the variables substituted as Grafana would. Grafana itself is not installed here.
The second part needs root (journald namespace, memory cgroup, /dev/kmsg)."""

import datetime
import json
import math
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness  # noqa: E402
from prometheus_server import PrometheusServer  # noqa: E402
from test_alert_rules import RULES, selectors  # noqa: E402
from troubled_host import TroubledHost  # noqa: E402

DASHBOARD = os.path.join(harness.SOURCE_DIR, "packaging", "grafana", "memwatch-dashboard.json")
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
GRID_COLUMNS = 24
# The panel types Grafana 9 and 10 ship (no plugin to install).
BUILT_IN_PANELS = {"row", "timeseries", "stat", "gauge", "bargauge", "table", "heatmap",
                   "state-timeline", "status-history", "piechart", "barchart", "histogram",
                   "text", "logs", "alertlist", "annolist", "dashlist", "news", "nodeGraph",
                   "geomap", "canvas", "xychart", "trend", "candlestick", "flamegraph", "traces"}
# Variables Grafana defines itself; "$__all" is the value of a variable's "All" option.
BUILT_IN_VARIABLES = {"__rate_interval", "__interval", "__interval_ms", "__range", "__range_s",
                      "__range_ms", "__from", "__to", "__dashboard", "__org", "__user",
                      "__timezone", "__all"}
VARIABLE_RE = re.compile(r"\$\{([A-Za-z_]\w*)(?::[^}]*)?\}|\$([A-Za-z_]\w*)|"
                         r"\[\[([A-Za-z_]\w*)(?::[^\]]*)?\]\]")
LABEL_VALUES_RE = re.compile(r"^label_values\((.*),\s*(\w+)\)$")

JOB = "memwatch"
SCRAPE_INTERVAL_S = 1
# Grafana's $__rate_interval is at least four scrape intervals, so that a rate has two samples
# even when a scrape is late; more where the dashboard's range is longer.
RATE_INTERVAL = f"{15 * SCRAPE_INTERVAL_S}s"
READY_TIMEOUT_S = 90


def load():
    with open(DASHBOARD, encoding="utf-8") as f:
        return json.load(f)


def all_panels(panels):
    """Every panel, the ones nested in collapsed rows included."""
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


def strings(node):
    """Every string in a JSON document, keys excepted."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def variables_used(text):
    return {next(name for name in match.groups() if name) for match in VARIABLE_RE.finditer(text)}


def substitute(text, values):
    """`text` with Grafana's variable syntaxes replaced by `values` (KeyError for one not in
    it)."""
    return VARIABLE_RE.sub(lambda m: values[next(name for name in m.groups() if name)], text)


def variable_query(variable):
    """A query variable's query: a string (Grafana 9) or {"query": ...} (Grafana 10)."""
    query = variable["query"]
    return query["query"] if isinstance(query, dict) else query


def overlapping(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def query_targets(dashboard):
    """(what, panel or None, target) for every panel's target and every Prometheus annotation."""
    for panel in all_panels(dashboard["panels"]):
        for target in panel.get("targets", []):
            yield f"panel {panel['id']} \"{panel['title']}\"", panel, target
    for annotation in dashboard["annotations"]["list"]:
        if annotation.get("datasource") == DATASOURCE:
            yield f"annotation \"{annotation['name']}\"", None, annotation


class DashboardStructure(unittest.TestCase):
    """What Grafana needs to import the file and draw every panel."""

    @classmethod
    def setUpClass(cls):
        cls.dashboard = load()
        cls.panels = list(all_panels(cls.dashboard["panels"]))
        cls.variables = {v["name"]: v for v in cls.dashboard["templating"]["list"]}

    def test_top_level_fields(self):
        d = self.dashboard
        self.assertIsInstance(d["schemaVersion"], int)
        self.assertGreaterEqual(d["schemaVersion"], 36)
        self.assertTrue(re.fullmatch(r"[A-Za-z0-9_-]{1,40}", d["uid"]), d["uid"])
        self.assertTrue(d["title"])
        self.assertIsNone(d["id"], "an exported dashboard has no database id")
        self.assertIn("from", d["time"])
        builtin = [a for a in d["annotations"]["list"] if a.get("builtIn") == 1]
        self.assertEqual(len(builtin), 1, "Grafana's own annotations & alerts")

    def test_inputs_and_requires(self):
        d = self.dashboard
        inputs = {i["name"]: i for i in d["__inputs"]}
        self.assertEqual({i["pluginId"] for i in inputs.values()}, {"prometheus"})
        used = set().union(*(variables_used(s) for s in strings(d))) - set(self.variables) - \
            BUILT_IN_VARIABLES
        self.assertEqual(used, set(inputs), "every ${input} is declared and every input used")
        requires = {(r["type"], r["id"]) for r in d["__requires"]}
        self.assertIn(("grafana", "grafana"), requires)
        self.assertIn(("datasource", "prometheus"), requires)
        for kind in {p["type"] for p in self.panels} - {"row"}:
            self.assertIn(("panel", kind), requires)

    def test_panel_ids_types_and_units(self):
        ids = [p["id"] for p in self.panels]
        self.assertTrue(all(isinstance(i, int) for i in ids), ids)
        self.assertEqual(len(ids), len(set(ids)), f"panel ids repeat: {sorted(ids)}")
        for panel in self.panels:
            with self.subTest(panel=panel["title"]):
                self.assertIn(panel["type"], BUILT_IN_PANELS)
                self.assertTrue(panel["title"])
                if panel["type"] != "row":
                    self.assertTrue(panel.get("description"), "says what it shows")
                    self.assertTrue(panel["fieldConfig"]["defaults"].get("unit"), "unit set")

    def test_grid(self):
        def check(panels, where):
            for panel in panels:
                pos = panel["gridPos"]
                with self.subTest(panel=panel["title"]):
                    self.assertEqual(set(pos), {"x", "y", "w", "h"})
                    self.assertTrue(all(isinstance(v, int) for v in pos.values()), pos)
                    self.assertTrue(0 <= pos["x"] and pos["w"] >= 1 and
                                    pos["x"] + pos["w"] <= GRID_COLUMNS, pos)
                    self.assertTrue(pos["y"] >= 0 and pos["h"] >= 1, pos)
                    if panel["type"] == "row":
                        self.assertEqual((pos["x"], pos["w"], pos["h"]), (0, GRID_COLUMNS, 1))
            for i, a in enumerate(panels):
                for b in panels[i + 1:]:
                    self.assertFalse(overlapping(a["gridPos"], b["gridPos"]),
                                     f"{where}: \"{a['title']}\" {a['gridPos']} overlaps "
                                     f"\"{b['title']}\" {b['gridPos']}")

        top = self.dashboard["panels"]
        check(top, "the dashboard")
        # A panel listed after a row lies below it and above the next row: Grafana puts it in
        # the row where its y says, and collapsing the row must hide that panel.
        rows = [p for p in top if p["type"] == "row"]
        self.assertEqual(top[0]["type"], "row", "the first panel is a row")
        current = None
        for panel in top:
            if panel["type"] == "row":
                current = panel
                continue
            top_y = current["gridPos"]["y"]
            next_y = min((r["gridPos"]["y"] for r in rows if r["gridPos"]["y"] > top_y),
                         default=math.inf)
            self.assertTrue(top_y < panel["gridPos"]["y"] < next_y,
                            f"{panel['title']} (y {panel['gridPos']['y']}) is not in the row "
                            f"{current['title']} it follows (y {top_y} to {next_y})")
            self.assertFalse(current["collapsed"], f"{panel['title']} follows a collapsed row")
        for row in rows:
            if row["collapsed"]:
                self.assertTrue(row["panels"], f"collapsed row {row['title']} is empty")
                check(row["panels"], f"row {row['title']}")
                for panel in row["panels"]:
                    self.assertGreater(panel["gridPos"]["y"], row["gridPos"]["y"])
            else:
                self.assertEqual(row.get("panels", []), [], f"open row {row['title']}")

    def test_targets_and_data_sources(self):
        for panel in self.panels:
            if panel["type"] == "row":
                self.assertIn(panel.get("datasource"), (None, DATASOURCE), panel["title"])
                continue
            with self.subTest(panel=panel["title"]):
                self.assertEqual(panel["datasource"], DATASOURCE)
                self.assertTrue(panel["targets"])
                ref_ids = [t["refId"] for t in panel["targets"]]
                self.assertEqual(len(ref_ids), len(set(ref_ids)), ref_ids)
                for target in panel["targets"]:
                    self.assertTrue(target["expr"].strip())
                    self.assertEqual(target.get("datasource", DATASOURCE), DATASOURCE)
                    if panel["type"] == "table":
                        self.assertEqual((target["format"], target["instant"]), ("table", True))
        for annotation in self.dashboard["annotations"]["list"]:
            if not annotation.get("builtIn"):
                self.assertEqual(annotation["datasource"], DATASOURCE, annotation["name"])

    def test_variables(self):
        v = self.variables
        self.assertEqual((v["datasource"]["type"], v["datasource"]["query"]),
                         ("datasource", "prometheus"))
        self.assertEqual(variable_query(v["job"]), "label_values(memwatch_build_info, job)")
        self.assertEqual(variable_query(v["instance"]),
                         'label_values(memwatch_build_info{job="$job"}, instance)')
        for variable in v.values():
            if variable["type"] == "query":
                self.assertEqual(variable["datasource"], DATASOURCE, variable["name"])
                self.assertRegex(variable_query(variable), LABEL_VALUES_RE)
        defined = set(v) | BUILT_IN_VARIABLES | {i["name"] for i in self.dashboard["__inputs"]}
        for text in strings(self.dashboard):
            self.assertLessEqual(variables_used(text), defined, text)
        for panel in self.panels:
            if "repeat" in panel:
                self.assertTrue(v[panel["repeat"]]["multi"] or v[panel["repeat"]]["includeAll"])

    def test_every_selector_is_of_the_chosen_instance(self):
        """A panel never mixes hosts: every series an expression reads carries job="$job" and
        instance="$instance"."""
        values = dict.fromkeys(BUILT_IN_VARIABLES, "1m")
        values.update(job="JOB", instance="INSTANCE", zone="Normal")
        for what, _, target in query_targets(self.dashboard):
            expr = substitute(target["expr"], values)
            for name, matchers in selectors(expr):
                with self.subTest(what=what, series=name):
                    self.assertIn(("job", "=", "JOB"), matchers, expr)
                    self.assertIn(("instance", "=", "INSTANCE"), matchers, expr)


class DashboardQueries(unittest.TestCase):
    """Every query of the dashboard against a real Prometheus scraping a host in trouble."""

    @classmethod
    def setUpClass(cls):
        cls.dashboard = load()
        cls.host = TroubledHost()
        cls.addClassCleanup(cls.host.stop)
        cls.instance = f"127.0.0.1:{cls.host.daemon.port}"
        cls.start = time.time()
        # The alert rules too: the dashboard's table of firing alerts reads ALERTS.
        cls.prometheus = PrometheusServer(
            [{"job_name": JOB, "static_configs": [{"targets": [cls.instance]}]}],
            scrape_interval=f"{SCRAPE_INTERVAL_S}s", rule_files=[RULES])
        cls.addClassCleanup(cls.prometheus.stop)
        where = f'job="{JOB}", instance="{cls.instance}"'
        # Counters have samples from before the trouble, so that increases see it start.
        cls.wait_for(f"count_over_time(memwatch_build_info{{{where}}}[1m]) >= 3")
        cls.host.start_flood()
        cls.victim = cls.host.oom_kill()
        flood, victim = cls.host.flood_unit, cls.host.victim_unit
        for expr in (
                f'memwatch_oom_kills_by_unit_total{{{where}, unit="{victim}"}}',
                f'memwatch_journal_flood_active{{{where}, producer="{flood}"}} == 1',
                f'memwatch_journal_floods_total{{{where}, producer="{flood}"}}',
                # rate() over $__rate_interval needs two samples of a new series in it.
                f'count_over_time(memwatch_journal_entries_total{{{where}, '
                f'producer="{flood}"}}[{RATE_INTERVAL}]) >= 2',
                f'count_over_time(memwatch_journal_suppressed_entries_total{{{where}, '
                f'producer="{flood}"}}[{RATE_INTERVAL}]) >= 2',
                f'ALERTS{{{where}, alertname="MemwatchOOMKill", alertstate="firing", '
                f'unit="{victim}"}}',
                f'ALERTS{{{where}, alertname="MemwatchJournaldSuppressing", '
                f'alertstate="firing", producer="{flood}"}}'):
            cls.wait_for(expr)
        # The dashboard's time range: from before the first scrape to now, a whole number of
        # steps long, so that a range query's last step is `end`, when every condition above
        # held, and not up to a step before it.
        cls.end = time.time()
        seconds = math.ceil(cls.end - cls.start)
        cls.start = cls.end - seconds
        cls.values = dict(
            job=JOB, instance=cls.instance, __rate_interval=RATE_INTERVAL,
            __interval=f"{SCRAPE_INTERVAL_S}s", __interval_ms=str(SCRAPE_INTERVAL_S * 1000),
            __range=f"{seconds}s", __range_s=str(seconds), __range_ms=str(seconds * 1000))
        print(f"trouble set up in {cls.end - cls.start:.1f} s (Prometheus' range)")

    @classmethod
    def wait_for(cls, expr):
        def state():
            targets = [(t["scrapeUrl"], t["health"], t["lastError"])
                       for t in cls.prometheus.targets()]
            return f"{expr} in Prometheus; targets: {targets}\n{cls.prometheus.log()[-2000:]}"

        harness.wait_until(lambda: cls.prometheus.query(expr), timeout=READY_TIMEOUT_S,
                           what=state)

    def label_values(self, variable, values):
        match = LABEL_VALUES_RE.match(variable_query(variable))
        selector, label = substitute(match.group(1), values), match.group(2)
        # What Grafana's Prometheus data source asks for label_values(selector, label).
        return self.prometheus.api(f"label/{label}/values", **{
            "match[]": selector, "start": self.start, "end": self.end})

    def run_target(self, target, values):
        expr = substitute(target["expr"], values)
        if target.get("instant"):
            result = self.prometheus.query(expr, time=self.end)
        else:
            result = self.prometheus.query_range(expr, self.start, self.end,
                                                 values["__interval"])
        return expr, result

    def zone_values(self):
        variables = {v["name"]: v for v in self.dashboard["templating"]["list"]}
        return self.label_values(variables["zone"], self.values)

    def test_variables_find_the_instance(self):
        variables = {v["name"]: v for v in self.dashboard["templating"]["list"]}
        self.assertIn(JOB, self.label_values(variables["job"], self.values))
        self.assertEqual(self.label_values(variables["instance"], self.values), [self.instance])
        self.assertTrue(self.zone_values(), "no zone for $zone")

    def test_every_query_returns_data(self):
        """Every target of every panel (once per zone for the panels repeated by zone) and
        every Prometheus annotation return at least one series."""
        zones = self.zone_values()
        count = 0
        for what, panel, target in query_targets(self.dashboard):
            repeat = panel.get("repeat") if panel else None
            for value in (zones if repeat == "zone" else [None]):
                values = dict(self.values, zone=value or "|".join(zones))
                with self.subTest(what=what, refId=target.get("refId"), zone=value):
                    expr, result = self.run_target(target, values)
                    self.assertTrue(result, f"{what}: no data for {expr}")
                    count += 1
        print(f"{count} queries returned data")

    def panel(self, title):
        return next(p for p in all_panels(self.dashboard["panels"]) if p["title"] == title)

    def instant(self, title, ref_id="A"):
        target = next(t for t in self.panel(title)["targets"] if t["refId"] == ref_id)
        return self.prometheus.query(substitute(target["expr"], self.values), time=self.end)

    def latest(self, title):
        target = self.panel(title)["targets"][0]
        _, result = self.run_target(target, self.values)
        return [(series["metric"], float(series["values"][-1][1])) for series in result]

    def test_the_trouble_shows(self):
        """The panels an operator reads first show the flood, the suppression and the kill."""
        flood, victim = self.host.flood_unit, self.host.victim_unit
        by_unit = {s["metric"].get("unit"): float(s["value"][1])
                   for s in self.instant("OOM kills by unit in range")}
        self.assertGreaterEqual(by_unit.get(victim, 0), 1, by_unit)
        floods = {s["metric"].get("producer"): float(s["value"][1])
                  for s in self.instant("Floods and suppressions by producer in range")}
        self.assertGreaterEqual(floods.get(flood, 0), 1, floods)
        suppressed = {s["metric"].get("producer"): float(s["value"][1]) for s in self.instant(
            "Floods and suppressions by producer in range", "B")}
        self.assertGreater(suppressed.get(flood, 0), 0, suppressed)
        alerts = {s["metric"]["alertname"] for s in self.instant("Firing memwatch alerts")}
        self.assertIn("MemwatchOOMKill", alerts)
        self.assertIn("MemwatchJournaldSuppressing", alerts)
        for title in ("OOM kills in range", "Flooding producers", "Entries suppressed in range"):
            (_, value), = self.latest(title)
            self.assertGreaterEqual(value, 1, title)
        producers = {metric.get("producer") for metric, _ in
                     self.latest("Top producers: entries per second")}
        self.assertIn(flood, producers)

    def test_oom_annotation_is_at_the_kill(self):
        """The annotation's series value is the kill's time in milliseconds (Grafana's "series
        value as timestamp")."""
        annotation = next(a for a in self.dashboard["annotations"]["list"]
                          if a["name"] == "OOM kills")
        self.assertTrue(annotation["useValueForTime"])
        _, result = self.run_target(annotation, self.values)
        times = {float(value) / 1000 for series in result for _, value in series["values"]}
        self.assertTrue(any(self.start <= t <= self.end for t in times),
                        f"{times} not within [{self.start}, {self.end}]")
        # The kill's wall-clock time as /api/v1/oom-kills gives it (RFC 3339, UTC).
        killed = datetime.datetime.fromisoformat(self.victim["time"]).timestamp()
        self.assertTrue(any(abs(t - killed) < 0.5 for t in times), f"{killed} not in {times}")


if __name__ == "__main__":
    harness.main()

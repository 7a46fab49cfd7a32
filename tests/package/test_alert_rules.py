"""packaging/prometheus/memwatch-alerts.yml: promtool accepts it and its unit tests pass; every
alert has what operators need (for, severity, summary, description, a predictable runbook anchor
with its section in docs/runbook.md, which has no other) and a firing test and a near miss in
memwatch-alerts.test.yml; and every series the expressions read is one a real memwatchd exports
(or, where the scrape cannot show it, one its family catalog says is conditional), so the rules
cannot drift from the exporter."""

import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import family_catalog  # noqa: E402
import harness  # noqa: E402
import yaml  # noqa: E402  (python3-yaml)
from journald import NamespaceJournald  # noqa: E402

RULES_DIR = os.path.join(harness.SOURCE_DIR, "packaging", "prometheus")
RULES = os.path.join(RULES_DIR, "memwatch-alerts.yml")
RULE_TESTS = os.path.join(RULES_DIR, "memwatch-alerts.test.yml")
RUNBOOK = "https://github.com/memwatch/memwatch/blob/main/docs/runbook.md#"
RUNBOOK_FILE = os.path.join(harness.SOURCE_DIR, "docs", "runbook.md")
MINIMUM_ALERTS = 12

# Metric names the rules read that a memwatchd started as below need not show are the ones its
# family catalog marks conditional (only while a producer floods, after a unit's first OOM
# kill...), and these. The journal's families: read from a journald namespace of the test's
# own, which needs root; without root the journal collector stays off (it would read the host's
# journal) and these are conditional too. Each must still be in the catalog (checked below).
JOURNAL_FAMILIES = {
    "memwatch_journal_disk_usage_bytes": "the journal collector is off without root",
    "memwatch_journal_disk_max_use_bytes": "the journal collector is off without root",
    "memwatch_journald_cpu_seconds_total": "the journal collector is off without root",
}
# Where the kernel has no PSI (CONFIG_PSI off, or psi=0), the pressure families are absent.
PSI_FAMILIES = {"node_pressure_memory_stalled_seconds_total",
                "node_pressure_memory_waiting_seconds_total"}
# Not memwatchd's: Prometheus makes `up` for every target.
PROMETHEUS_OWN = {"up"}

PROMQL_WORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
                "group_right", "offset", "bool", "inf", "nan"}
SELECTOR_RE = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(\()?')
MATCHER_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')


def selectors(expr):
    """(metric name, [(label, op, value)]) of every vector selector in a PromQL expression: the
    identifiers that are neither functions (followed by a parenthesis), keywords, grouping
    label lists nor parts of durations."""
    expr = re.sub(r"\[[^\]]*\]", " ", expr)  # range selectors' durations
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    expr = re.sub(r"\boffset\s+\w+", " ", expr)
    found = []
    for match in SELECTOR_RE.finditer(expr):
        name, braces, call = match.groups()
        start = match.start(1)
        if call or name.lower() in PROMQL_WORDS or (start and expr[start - 1].isdigit()):
            continue
        found.append((name, MATCHER_RE.findall(braces or "")))
    return found


def where_labels(expr):
    """The labels saying where the trouble is that the families an expression reads carry
    (docs/metrics.md)."""
    known = {"memwatch_oom_kills_by_unit_total": {"unit"},
             "memwatch_journal_flood_active": {"producer"},
             "memwatch_journal_suppressed_entries_total": {"producer"},
             "memwatch_fragmentation_unusable_ratio": {"node", "zone"},
             "node_scrape_collector_success": {"collector"}}
    return set().union(*(known.get(name, set()) for name, _ in selectors(expr)))


def github_anchor(heading):
    """The fragment GitHub gives a Markdown heading: lower case, punctuation but hyphens and
    underscores dropped, spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def runbook_sections():
    """The `## ` headings of docs/runbook.md: one per alert."""
    with open(RUNBOOK_FILE, encoding="utf-8") as f:
        return [line[3:].strip() for line in f if line.startswith("## ")]


def alerting_rules():
    with open(RULES, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    return [rule for group in document["groups"] for rule in group["rules"] if "alert" in rule]


def scraped_series(text):
    """{metric name: [labels dict]} of a scrape, family names of # TYPE lines included."""
    series = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            series.setdefault(line.split()[2], [])
            continue
        match = harness.SAMPLE_RE.match(line)
        if match:
            labels = dict(harness.LABEL_RE.findall(match.group(3) or ""))
            series.setdefault(match.group(1), []).append(labels)
    return series


class AlertRules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.promtool = harness.require_tool("promtool")
        cls.rules = alerting_rules()

    def run_promtool(self, *args):
        result = subprocess.run([self.promtool, *args], capture_output=True, text=True,
                                timeout=120)
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, f"promtool {' '.join(args)}:\n{output}")
        return output

    def test_promtool_check_rules(self):
        output = self.run_promtool("check", "rules", RULES)
        match = re.search(r"SUCCESS: (\d+) rules found", output)
        self.assertIsNotNone(match, output)
        self.assertGreaterEqual(int(match.group(1)), MINIMUM_ALERTS)
        self.assertEqual(int(match.group(1)), len(self.rules))

    def test_promtool_unit_tests(self):
        output = self.run_promtool("test", "rules", RULE_TESTS)
        self.assertIn("SUCCESS", output)

    def test_every_alert_is_complete(self):
        names = [rule["alert"] for rule in self.rules]
        self.assertEqual(len(names), len(set(names)), "alert names repeat")
        for rule in self.rules:
            name = rule["alert"]
            with self.subTest(alert=name):
                self.assertIn("for", rule)
                self.assertIn(rule.get("labels", {}).get("severity"),
                              {"info", "warning", "critical"})
                annotations = rule.get("annotations", {})
                self.assertTrue(annotations.get("summary"))
                self.assertTrue(annotations.get("description"))
                self.assertEqual(annotations.get("runbook_url"), RUNBOOK + name.lower())
                # The labels that say where (unit, producer, zone, collector) are named in
                # the summary and the description of an alert on a family that has them.
                for label in sorted(where_labels(rule["expr"])):
                    self.assertIn(f"$labels.{label}", annotations["summary"])
                    self.assertIn(f"$labels.{label}", annotations["description"])

    def test_every_runbook_url_has_its_section_and_every_section_its_alert(self):
        """Each alert's runbook_url fragment is the GitHub anchor of a `## <AlertName>` section
        of docs/runbook.md, and the runbook has no section for an alert the rules lack."""
        sections = runbook_sections()
        self.assertEqual(len(sections), len(set(sections)), f"runbook sections repeat: {sections}")
        anchors = {github_anchor(section): section for section in sections}
        names = {rule["alert"] for rule in self.rules}
        for rule in self.rules:
            anchor = rule["annotations"]["runbook_url"].split("#", 1)[1]
            with self.subTest(alert=rule["alert"]):
                self.assertIn(anchor, anchors,
                              f"docs/runbook.md has no section whose anchor is #{anchor}")
                self.assertEqual(anchors[anchor], rule["alert"],
                                 "the section is not headed by the alert's own name")
        self.assertEqual(set(sections) - names, set(),
                         "docs/runbook.md has sections for alerts the rules do not have")

    def test_every_alert_fires_and_has_a_near_miss_in_the_unit_tests(self):
        """A near miss is an evaluation expecting no alert, or an input series of the same
        evaluation that none of the expected alerts' labels select (promtool compares the
        whole list of alerts, so that series is shown not to fire)."""
        with open(RULE_TESTS, encoding="utf-8") as f:
            tests = yaml.safe_load(f)["tests"]
        for rule in self.rules:
            name = rule["alert"]
            read = {metric for metric, _ in selectors(rule["expr"])}
            fires = near_miss = False
            for test in tests:
                inputs = [dict(harness.LABEL_RE.findall(series["series"]))
                          for series in test["input_series"]
                          if re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", series["series"]).group(0)
                          in read]
                for case in test.get("alert_rule_test", []):
                    if case["alertname"] != name:
                        continue
                    expected = [{k: v for k, v in alert["exp_labels"].items()
                                 if k != "severity"} for alert in case.get("exp_alerts") or []]
                    for alert in case.get("exp_alerts") or []:
                        self.assertEqual(set(alert["exp_annotations"]),
                                         {"summary", "description", "runbook_url"}, name)
                    fires = fires or bool(expected)
                    near_miss = near_miss or not expected or any(
                        not any(all(labels.get(k) == str(v) for k, v in alert.items())
                                for alert in expected) for labels in inputs)
            with self.subTest(alert=name):
                self.assertTrue(fires, f"no test shows {name} firing")
                self.assertTrue(near_miss, f"no near miss for {name}")

    def test_selector_parser_finds_metric_names_only(self):
        # The drift check below is only as good as this: functions, keywords, grouping lists,
        # durations and offsets are not metric names.
        self.assertEqual(
            selectors('sum by (unit) (increase(a_total{x="1", y=~"b|c"}[15m])) > 0 or '
                      'b unless c offset 15m and on (job) predict_linear(d[6h], 4 * 3600)'),
            [("a_total", [("x", "=", "1"), ("y", "=~", "b|c")]), ("b", []), ("c", []),
             ("d", [])])

    @staticmethod
    def scrape_with_a_journal():
        """A scrape of memwatchd reading a journald namespace of its own, once the journal's
        disk usage (read every 10 s) is in it."""
        namespace = f"memwatch-rules-{os.getpid()}"
        journal = NamespaceJournald(namespace)
        try:
            with tempfile.TemporaryDirectory() as scratch, harness.Daemon(
                    f"--collector.journal.namespace={namespace}",
                    f"--collector.journal.state-file={os.path.join(scratch, 'journal.cursor')}",
                    journal=True) as daemon:
                return harness.wait_until(
                    lambda: (lambda s: s if "memwatch_journal_disk_usage_bytes" in s else None)(
                        scraped_series(daemon.scrape())),
                    timeout=30, what=lambda: f"the journal's families:\n{daemon.log()[-2000:]}")
        finally:
            journal.stop()

    def test_rules_read_only_what_memwatchd_exports(self):
        used = {}
        for rule in self.rules:
            for name, matchers in selectors(rule["expr"]):
                used.setdefault(name, []).extend(matchers)
        catalog = family_catalog.load()
        has_psi = os.path.exists("/proc/pressure/memory")
        has_normal_zone = False
        with open("/proc/buddyinfo", encoding="utf-8") as f:
            has_normal_zone = any(line.split()[3] == "Normal" for line in f if line.strip())
        conditional = {entry.name for entry in catalog if entry.conditional}
        if os.geteuid() == 0:
            scraped = self.scrape_with_a_journal()
        else:
            conditional.update(JOURNAL_FAMILIES)
            with harness.Daemon() as daemon:
                scraped = scraped_series(daemon.scrape())
        for name, matchers in sorted(used.items()):
            if name in PROMETHEUS_OWN:
                continue
            with self.subTest(metric=name):
                if name not in scraped:
                    if name in conditional or (name in PSI_FAMILIES and not has_psi):
                        self.assertTrue(family_catalog.describing(catalog, name),
                                        f"{name} is not in memwatchd's family catalog")
                        continue
                    self.fail(f"{name} is read by the rules but not exported by memwatchd")
                samples = scraped[name]
                for label, op, value in matchers:
                    self.assertTrue(any(label in sample for sample in samples),
                                    f"{name} has no label {label!r}: {samples[:3]}")
                    if op == "=" and not (label == "zone" and value == "Normal" and
                                          not has_normal_zone):
                        self.assertTrue(any(sample.get(label) == value for sample in samples),
                                        f'no {name} series with {label}="{value}"')


if __name__ == "__main__":
    harness.main()

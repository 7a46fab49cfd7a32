"""The status page at / in a real browser: headless Chromium (Debian's chromium) loads it from a
memwatchd on a host in real trouble (a unit flooding the journal, a producer named with markup
flooding it too, a real kernel OOM kill), runs the page's script under the page's own
Content-Security-Policy, and the DOM it leaves shows all of them, the memory composition, PSI and
a fragmentation cell per zone and order; the host's text stays text. The screenshot is kept as
an artifact ($MEMWATCH_ARTIFACTS, which ctest points into the build tree). Needs root."""

import base64
import hashlib
import html.parser
import os
import re
import signal
import struct
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

import harness
import tls_material
from troubled_host import TroubledHost

HOSTILE_PRODUCER = "<img src=x onerror=alert(1)>"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Virtual time for the page's first refresh: Chromium lets it run on while fetches are pending,
# so this bounds the page's own timers, not the wait for memwatchd.
VIRTUAL_TIME_BUDGET_MS = 3000
CHROMIUM_TIMEOUT_S = 45
WINDOW = (1280, 1600)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attributes, parent):
        self.tag = tag
        self.attributes = attributes
        self.parent = parent
        self.children = []

    def text(self):
        return "".join(child if isinstance(child, str) else child.text()
                       for child in self.children)

    def iter(self, tag=None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def classes(self):
        return self.attributes.get("class", "").split()

    def by_id(self, element_id):
        return next((e for e in self.iter() if e.attributes.get("id") == element_id), None)


class DomParser(html.parser.HTMLParser):
    """The tree of the DOM Chromium serialized, enough to find elements and read their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        open_element = self.current
        while open_element is not self.root and open_element.tag != tag:
            open_element = open_element.parent
        if open_element is not self.root:
            self.current = open_element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_dom(text):
    parser = DomParser()
    parser.feed(text)
    parser.close()
    return parser.root


def run_chromium(chromium, url, *args):
    """Runs headless Chromium on `url` with `args`; returns its stdout. It runs in a process
    group of its own, killed whole (its zygote and renderers too) once it exits or times out."""
    with tempfile.TemporaryDirectory(prefix="memwatch-chromium-") as scratch:
        stdout_path = os.path.join(scratch, "stdout")
        stderr_path = os.path.join(scratch, "stderr")
        with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
                 f"--user-data-dir={os.path.join(scratch, 'profile')}",
                 f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", "--enable-logging=stderr",
                 *args, url],
                stdout=stdout, stderr=stderr, start_new_session=True)
            try:
                returncode = process.wait(timeout=CHROMIUM_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                returncode = None
            finally:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
        with open(stderr_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        if returncode != 0:
            raise AssertionError(f"chromium {'timed out' if returncode is None else returncode}"
                                 f" on {url}:\n{log[-3000:]}")
        with open(stdout_path, encoding="utf-8", errors="replace") as f:
            return f.read(), log


def cell(row, name):
    """The text of the <td class="... name ..."> of a table row."""
    return next(td.text() for td in row.iter("td") if name in td.classes())


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def buddyinfo_cells():
    """(node, zone, order) of every count in /proc/buddyinfo."""
    cells = set()
    with open("/proc/buddyinfo", encoding="ascii") as f:
        for line in f:
            fields = line.split()
            node, zone, counts = fields[1].rstrip(","), fields[3], fields[4:]
            cells.update((node, zone, str(order)) for order in range(len(counts)))
    return cells


class StatusPageInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.chromium = harness.require_tool("chromium")
        cls.host = TroubledHost()
        try:
            cls.kill = cls.host.oom_kill()
            cls.host.start_flood()
            cls.host.start_flood(producer=HOSTILE_PRODUCER)
            url = cls.host.daemon.url("/")
            with urllib.request.urlopen(url, timeout=10) as response:
                cls.headers = response.headers
                cls.html = response.read().decode("utf-8")
            cls.families = harness.parse_exposition(cls.host.daemon.scrape())
            dom, cls.chromium_log = run_chromium(cls.chromium, url, "--dump-dom")
            cls.dom = parse_dom(dom)
            artifacts = os.environ.get("MEMWATCH_ARTIFACTS", tempfile.gettempdir())
            os.makedirs(artifacts, exist_ok=True)
            cls.screenshot = os.path.join(artifacts, "status_page.png")
            run_chromium(cls.chromium, url, f"--screenshot={cls.screenshot}",
                         f"--window-size={WINDOW[0]},{WINDOW[1]}")
            print(f"status page screenshot: {cls.screenshot}")
        except BaseException:
            cls.host.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def section(self, name):
        section = self.dom.by_id(name)
        self.assertIsNotNone(section, f"no section #{name} in the DOM")
        return section

    def test_the_script_ran_under_the_policy_and_every_fetch_succeeded(self):
        """The page's script is allowed by the hash the policy names (else Chromium blocks it and
        the status line stays "Loading…"), and it read all its sources."""
        status = self.dom.by_id("status")
        self.assertTrue(status.text().startswith("Updated "),
                        f"status line: {status.text()!r}\n{self.chromium_log[-3000:]}")
        self.assertNotIn("stale", status.classes())
        self.assertNotIn("Content Security Policy", self.chromium_log)

    def test_the_policy_allows_only_the_page_own_inline_code_and_its_origin(self):
        """The policy names the SHA-256 of the served script and style and nothing else may
        load; the document refers to no other origin (the one absolute URL is the SVG namespace,
        which is a name, not a request)."""
        policy = self.headers["Content-Security-Policy"]
        self.assertIsNotNone(policy, "no Content-Security-Policy on /")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        for name, element in (("script-src", "script"), ("style-src", "style")):
            text = re.search(f"<{element}>(.*?)</{element}>", self.html, re.S).group(1)
            digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            self.assertEqual(directives[name], f"'sha256-{digest}'", name)
        self.assertEqual(directives["default-src"], "'none'")
        self.assertEqual(directives["connect-src"], "'self'")
        self.assertEqual(set(re.findall(r"(?:https?:)?//[^\s\"')<]+", self.html)), {SVG_NAMESPACE})
        self.assertNotRegex(self.html, r"<(link|img|iframe|object|embed)\b|\ssrc=")

    def test_keeps_the_telemetry_link_and_the_version(self):
        """As the landing page did: a link to the telemetry path and memwatchd's version."""
        link = self.dom.by_id("telemetry")
        self.assertEqual(link.attributes.get("href"), "/metrics")
        version = next(labels["version"] for _, labels, _ in
                       self.families["memwatch_build_info"].samples)
        self.assertIn(version, link.parent.text())

    def test_shows_the_oom_kill_with_its_victim(self):
        """The real kill's row: pid, comm and unit as /api/v1/oom-kills has them."""
        rows = [row for row in self.section("oom-kills").iter("tr")
                if row.attributes.get("data-pid") == str(self.kill["pid"])]
        self.assertEqual(len(rows), 1, f"no row for pid {self.kill['pid']}: "
                         f"{self.section('oom-kills').text()}")
        cells = {name: cell(rows[0], name) for name in ("pid", "comm", "unit")}
        self.assertEqual(cells, {"pid": str(self.kill["pid"]), "comm": self.kill["comm"],
                                 "unit": self.host.victim_unit})

    def flooding_producers(self, section):
        return {cell(row, "producer") for row in self.section(section).iter("tr")
                if "flooding" in row.classes()}

    def test_marks_the_flooding_unit_in_producers_and_floods(self):
        """The unit that floods (and that journald suppresses) is flagged in both lists."""
        for section in ("producers", "floods"):
            self.assertIn(self.host.flood_unit, self.flooding_producers(section),
                          f"#{section}: {self.section(section).text()}")

    def test_a_producer_named_with_markup_is_shown_as_text(self):
        """The hostile producer's name is in the DOM as text, flagged as flooding; no element
        came of it (no <img>, which would have run its onerror)."""
        for section in ("producers", "floods"):
            self.assertIn(HOSTILE_PRODUCER, self.flooding_producers(section),
                          f"#{section}: {self.section(section).text()}")
        self.assertEqual(list(self.dom.iter("img")), [])

    def test_shows_the_memory_composition(self):
        """Every part of MemTotal in the legend with a size, MemTotal as /metrics has it, and a
        bar segment each."""
        rows = {row.attributes["data-field"]: row for row in self.section("memory").iter("tr")
                if "data-field" in row.attributes}
        self.assertEqual(set(rows), {"AnonPages", "Cached", "Buffers", "Slab", "Other", "MemFree",
                                     "MemTotal", "MemAvailable", "SwapUsed"})
        total = harness.value(self.families, "node_memory_MemTotal_bytes")
        self.assertEqual(float(rows["MemTotal"].attributes["data-bytes"]), total)
        for field, row in rows.items():
            self.assertRegex(row.text(), r"\d+(\.\d)? (B|KiB|MiB|GiB|TiB)|no swap", field)
        segments = [rect for rect in self.section("memory").iter("rect")]
        self.assertEqual(len(segments), 6, "one bar segment per part of MemTotal")

    def test_shows_psi_with_its_three_windows(self):
        """A row per resource and kind memwatchd exports, each with avg10, avg60 and avg300."""
        exported = {(labels["resource"], labels["kind"]) for _, labels, _ in
                    self.families["memwatch_pressure_ratio"].samples}
        self.assertIn(("memory", "full"), exported)
        rows = {row.attributes["id"]: row for row in self.section("pressure").iter("tr")
                if "id" in row.attributes}
        self.assertEqual(set(rows), {f"psi-{r}-{k}" for r, k in exported})
        for name, row in rows.items():
            self.assertEqual(len(re.findall(r"\d+\.\d\d %", row.text())), 3, name)

    def test_draws_a_heatmap_cell_per_zone_and_order(self):
        """One cell for each count of /proc/buddyinfo, labelled with its node, zone and order."""
        cells = {(g.attributes["data-node"], g.attributes["data-zone"], g.attributes["data-order"])
                 for g in self.section("fragmentation").iter("g") if "cell" in g.classes()}
        self.assertEqual(cells, buddyinfo_cells())

    def test_keeps_a_screenshot(self):
        """Chromium's screenshot of the page is a PNG of the window's size, kept for people."""
        self.assertEqual(png_size(self.screenshot), WINDOW)


class BehindBasicAuth(unittest.TestCase):
    def test_the_page_fetches_with_the_credentials_the_browser_has(self):
        """Basic auth applies to every path: the browser, given credentials for / in the URL,
        sends them with the page's same-origin fetches, including the one of a telemetry path
        set with --web.telemetry-path, and every section is drawn, none stale."""
        chromium = harness.require_tool("chromium")
        with tempfile.TemporaryDirectory(prefix="memwatch-status-auth-") as scratch:
            config = os.path.join(scratch, "web.yml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(f"basic_auth_users:\n  operator: {tls_material.bcrypt_hash('s3cret')}\n")
            with harness.Daemon(f"--web.config.file={config}",
                                "--web.telemetry-path=/node-metrics") as daemon:
                with self.assertRaises(urllib.error.HTTPError) as refused:
                    urllib.request.urlopen(daemon.url("/"), timeout=10)
                self.assertEqual(refused.exception.code, 401)
                dom, log = run_chromium(chromium,
                                        f"http://operator:s3cret@127.0.0.1:{daemon.port}/",
                                        "--dump-dom")
        root = parse_dom(dom)
        status = root.by_id("status")
        self.assertTrue(status.text().startswith("Updated "), f"{status.text()!r}\n{log[-3000:]}")
        stale = [e.attributes.get("id") for e in root.iter() if "stale" in e.classes()]
        self.assertEqual(stale, [])
        self.assertEqual(root.by_id("telemetry").attributes.get("href"), "/node-metrics")
        self.assertTrue(any(True for _ in root.by_id("memory").iter("rect")), "no memory bar")


if __name__ == "__main__":
    harness.main()

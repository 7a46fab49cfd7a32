"""The .deb as an operator gets it: `cpack -G DEB` from the build tree, then what dpkg-deb says is
in it (files, modes, conffiles, Depends computed from the libraries plus libcurl4, maintainer
scripts, docs/ as in the tree), lintian without errors, a configuration file that lists every
option of `memwatchd --help` and that memwatchd accepts uncommented, and a man page with every
option."""

import gzip
import os
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness  # noqa: E402

import yaml  # noqa: E402  (python3-yaml)

BUILD_DIR = os.environ.get("MEMWATCH_BUILD_DIR", os.path.dirname(os.path.abspath(harness.MEMWATCHD)))
UNIT = os.path.join(harness.SOURCE_DIR, "systemd", "memwatchd.service")

EXPECTED_FILES = {
    "./usr/sbin/memwatchd": 0o755,
    "./lib/systemd/system/memwatchd.service": 0o644,
    "./etc/memwatch/memwatchd.yml": 0o644,
    "./etc/default/memwatchd": 0o644,
    "./usr/share/dbus-1/system.d/org.memwatch.Memwatch1.conf": 0o644,
    "./usr/lib/sysusers.d/memwatch.conf": 0o644,
    "./usr/share/man/man8/memwatchd.8.gz": 0o644,
    "./usr/share/doc/memwatch/copyright": 0o644,
    "./usr/share/doc/memwatch/changelog.Debian.gz": 0o644,
    "./usr/share/doc/memwatch/README.md": 0o644,
    "./usr/share/memwatch/prometheus/memwatch-alerts.yml": 0o644,
    "./usr/share/memwatch/grafana/memwatch-dashboard.json": 0o644,
}
# docs/*.md, installed as they are in the tree, under the doc directory's docs/ (so that the
# README's links to docs/ and theirs to ../README.md hold there too).
DOCS = sorted(name for name in os.listdir(os.path.join(harness.SOURCE_DIR, "docs"))
              if name.endswith(".md"))
EXPECTED_FILES.update({f"./usr/share/doc/memwatch/docs/{name}": 0o644 for name in DOCS})
CONFFILES = {"/etc/memwatch/memwatchd.yml", "/etc/default/memwatchd"}
# Flags that are not options of the table, hence not keys of the file.
NOT_CONFIG_KEYS = {"help", "version", "config.file"}


def help_flags():
    """Every --flag `memwatchd --help` lists, without the --no- forms of switches."""
    text = subprocess.run([harness.MEMWATCHD, "--help"], capture_output=True, text=True,
                          check=True, timeout=10).stdout
    flags = set()
    for line in text.splitlines():
        match = re.match(r"\s+(?:-\w,)?--([a-z0-9.-]+)", line)
        if match:
            flags.add(match.group(1))
    return flags


def flatten(mapping, prefix=""):
    """YAML mapping -> dotted keys, `enabled` under a switch's name read as the switch."""
    keys = set()
    for key, value in mapping.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            keys |= flatten(value, dotted)
        elif key == "enabled" and prefix:
            keys.add(prefix)
        else:
            keys.add(dotted)
    return keys


def uncommented(text):
    """The configuration with every option in force: the leading "# " of the key lines removed,
    the header and the help lines (a comment after the indentation) left as comments."""
    lines = []
    for line in text.splitlines():
        if line.startswith("# ") and not line[2:].lstrip().startswith("#") and \
                re.match(r"# ( *)(- |[a-z0-9-]+:)", line):
            lines.append(line[2:])
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


class Deb(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cpack = harness.require_tool("cpack")
        cls.dpkg_deb = harness.require_tool("dpkg-deb")
        harness.require_tool("dpkg-shlibdeps")
        cls.lintian = harness.require_tool("lintian")
        cls.tmp = tempfile.TemporaryDirectory(prefix="memwatch-deb-")
        result = subprocess.run([cls.cpack, "-G", "DEB", "-B", cls.tmp.name], cwd=BUILD_DIR,
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise AssertionError(f"cpack failed:\n{result.stdout}\n{result.stderr}")
        debs = [name for name in os.listdir(cls.tmp.name) if name.endswith(".deb")]
        if len(debs) != 1:
            raise AssertionError(f"cpack wrote {debs} into {cls.tmp.name}")
        cls.deb = os.path.join(cls.tmp.name, debs[0])
        cls.root = os.path.join(cls.tmp.name, "root")
        subprocess.run([cls.dpkg_deb, "-x", cls.deb, cls.root], check=True, timeout=60)
        cls.control = os.path.join(cls.tmp.name, "control")
        subprocess.run([cls.dpkg_deb, "-e", cls.deb, cls.control], check=True, timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def field(self, name):
        return subprocess.run([self.dpkg_deb, "-f", self.deb, name], capture_output=True,
                              text=True, check=True, timeout=30).stdout.strip()

    def test_files_and_modes(self):
        with subprocess.Popen([self.dpkg_deb, "--fsys-tarfile", self.deb],
                              stdout=subprocess.PIPE) as tar_stream:
            with tarfile.open(fileobj=tar_stream.stdout, mode="r|") as archive:
                members = {m.name: m for m in archive}
        for path, mode in EXPECTED_FILES.items():
            self.assertIn(path, members, f"{path} is not in the package")
            member = members[path]
            self.assertEqual(member.mode & 0o7777, mode, path)
            self.assertEqual((member.uname, member.gname), ("root", "root"), path)
        for name, member in members.items():
            if member.isdir():
                self.assertEqual(member.mode & 0o7777, 0o755, name)

    def test_unit_and_config_are_the_tree_s(self):
        with open(UNIT, encoding="utf-8") as f, \
                open(os.path.join(self.root, "lib/systemd/system/memwatchd.service"),
                     encoding="utf-8") as packaged:
            self.assertEqual(packaged.read(), f.read())
        with open(os.path.join(self.root, "etc/default/memwatchd"), encoding="utf-8") as f:
            self.assertIn('\nARGS=""\n', f.read())
        # The alert rules and the dashboard: under share/memwatch/ as under packaging/.
        for shipped in ("prometheus/memwatch-alerts.yml", "grafana/memwatch-dashboard.json"):
            with open(os.path.join(harness.SOURCE_DIR, "packaging", shipped),
                      encoding="utf-8") as f, \
                    open(os.path.join(self.root, "usr/share/memwatch", shipped),
                         encoding="utf-8") as packaged:
                self.assertEqual(packaged.read(), f.read(), shipped)

    def test_docs_are_the_tree_s(self):
        self.assertIn("runbook.md", DOCS)
        installed = sorted(os.listdir(os.path.join(self.root, "usr/share/doc/memwatch/docs")))
        self.assertEqual(installed, DOCS, "the package's docs/ is not the tree's docs/*.md")
        for name in DOCS:
            with open(os.path.join(harness.SOURCE_DIR, "docs", name), encoding="utf-8") as f, \
                    open(os.path.join(self.root, "usr/share/doc/memwatch/docs", name),
                         encoding="utf-8") as packaged:
                self.assertEqual(packaged.read(), f.read(), name)

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "memwatch")
        with open(os.path.join(harness.SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
            version = re.search(r"project\(memwatch VERSION ([0-9.]+)", f.read()).group(1)
        self.assertEqual(self.field("Version"), f"{version}-1")
        depends = [d.strip() for d in self.field("Depends").split(",")]
        print("Depends:", ", ".join(depends))
        names = {re.split(r"[ (]", d)[0] for d in depends}
        # dlopen()ed, hence by hand; the rest computed by dpkg-shlibdeps from the binary.
        self.assertIn("libcurl4", names)
        for library in ("libc6", "libstdc++6", "libsystemd0", "libyaml-cpp0.7"):
            self.assertIn(library, names)
        self.assertTrue(any(d.startswith("libc6 (>= ") for d in depends), depends)
        self.assertIn("systemd | systemd-standalone-sysusers | systemd-sysusers", depends)
        self.assertIn("init-system-helpers", self.field("Pre-Depends"))
        self.assertEqual(self.field("Recommends"), "dbus")

    def test_conffiles_and_maintainer_scripts(self):
        with open(os.path.join(self.control, "conffiles"), encoding="utf-8") as f:
            self.assertEqual(set(f.read().split()), CONFFILES)
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(self.control, script)
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o755, script)
            subprocess.run(["sh", "-n", path], check=True, timeout=10)
        with open(os.path.join(self.control, "postinst"), encoding="utf-8") as f:
            postinst = f.read()
        self.assertIn("systemd-sysusers ${DPKG_ROOT:+--root=\"$DPKG_ROOT\"} memwatch.conf", postinst)
        self.assertIn("deb-systemd-helper enable 'memwatchd.service'", postinst)
        self.assertIn("deb-systemd-invoke $_dh_action 'memwatchd.service'", postinst)
        self.assertIn("invoke-rc.d dbus reload", postinst)

    def test_lintian_reports_no_errors(self):
        result = subprocess.run([self.lintian, "--fail-on", "error", "--no-tag-display-limit",
                                 self.deb], capture_output=True, text=True, timeout=300)
        tags = result.stdout.strip()
        print(f"lintian:\n{tags or '(nothing)'}")
        errors = [line for line in tags.splitlines() if line.startswith("E: ")]
        self.assertEqual(errors, [])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_config_lists_every_option_and_loads(self):
        with open(os.path.join(self.root, "etc/memwatch/memwatchd.yml"), encoding="utf-8") as f:
            shipped = f.read()
        # As shipped, everything is commented out: an empty configuration.
        self.assertIsNone(yaml.safe_load(shipped))
        in_force = uncommented(shipped)
        keys = flatten(yaml.safe_load(in_force))
        self.assertEqual(keys, help_flags() - NOT_CONFIG_KEYS)

        # memwatchd takes every default as written; flags keep the run on loopback and hermetic.
        with tempfile.TemporaryDirectory() as directory:
            config = os.path.join(directory, "memwatchd.yml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(in_force)
            daemon = harness.Daemon(f"--config.file={config}",
                                    f"--path.procfs={harness.FIXTURES}/proc",
                                    "--path.kmsg=/dev/null")
            try:
                self.assertIn("node_memory_MemTotal_bytes", daemon.scrape())
                daemon.signal(signal.SIGTERM)
                self.assertEqual(daemon.wait(), 0, daemon.log())
            finally:
                daemon.stop()

    def test_man_page_lists_every_flag(self):
        with gzip.open(os.path.join(self.root, "usr/share/man/man8/memwatchd.8.gz"), "rt",
                       encoding="utf-8") as f:
            page = f.read().replace("\\-", "-")
        self.assertIn(".TH MEMWATCHD \"8\"", page)
        for flag in help_flags():
            self.assertIn(f"--{flag}", page)
        for section in ("FILES", "SIGNALS", "EXIT STATUS"):
            self.assertRegex(page, rf'\n\.SH "?{section}"?\n')


if __name__ == "__main__":
    harness.main()

"""memwatchd's metric family catalog (collectors/core/family_catalog.cpp) as
memwatch_metrics_reference --json gives it: the program that writes docs/metrics.md, so that
tests check scrapes against what the reference says. METRICS_REFERENCE names the program."""

import json
import os
import re
import subprocess

import harness

METRICS_REFERENCE = os.environ.get("METRICS_REFERENCE", "memwatch_metrics_reference")
PLACEHOLDER_RE = re.compile(r"<[A-Za-z]+>")


class Entry:
    """One family of the catalog: an exact name, or a pattern whose <Placeholder> stands for a
    field name (node_memory_<Field>)."""

    def __init__(self, collector, family):
        self.collector = collector  # "" for the families memwatchd adds to every scrape
        self.name = family["name"]
        self.pattern = family["pattern"]
        self.type = family["type"]
        self.help = family["help"]
        self.labels = {label["name"]: set(label["one_of"]) for label in family["labels"]}
        self.conditional = family["conditional"]
        if self.pattern:
            before, after = PLACEHOLDER_RE.split(self.name, maxsplit=1)
            self.name_re = re.compile(re.escape(before) + "([a-zA-Z0-9_]+)" + re.escape(after))
        else:
            self.name_re = re.compile(re.escape(self.name))

    def field(self, name):
        """The field a family name fills this entry's placeholder with ("" for the exact name),
        or None when the entry does not describe that name."""
        match = self.name_re.fullmatch(name)
        if not match:
            return None
        return match.group(1) if self.pattern else ""

    def help_of(self, field):
        """The HELP text the family of `field` has."""
        return PLACEHOLDER_RE.sub(lambda _: field, self.help, count=1)

    def __repr__(self):
        return self.name


def load():
    """Every entry of the catalog, in the order of docs/metrics.md."""
    program = harness.require_tool(METRICS_REFERENCE) if os.sep not in METRICS_REFERENCE \
        else METRICS_REFERENCE
    output = subprocess.run([program, "--json"], capture_output=True, text=True, check=True,
                            timeout=30).stdout
    return [Entry(group["collector"], family)
            for group in json.loads(output)["groups"] for family in group["families"]]


def describing(entries, name):
    """The entries that describe the family `name`: its exact entry, else the patterns it fits."""
    exact = [entry for entry in entries if not entry.pattern and entry.name == name]
    return exact or [entry for entry in entries if entry.pattern and entry.field(name) is not None]

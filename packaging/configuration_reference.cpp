// memwatch_configuration_reference: writes docs/configuration.md from memwatchd's option table,
// every option with its flag, YAML key, default, help and whether a reload applies it, in the
// nesting of the YAML file (the same walk as config_template.cpp's). `scripts/dev.sh docs` runs
// it; the docs.configuration_reference test fails while the checked-in file differs.
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/process/option_table.h"
#include "packaging/option_tree.h"

namespace {

using memwatch::OptionNode;
using memwatch::OptionSpec;

constexpr std::size_t kWidth = 100;

constexpr std::string_view kIntroduction =
    R"(# Configuration reference

<!-- Generated from memwatchd's option table by packaging/configuration_reference.cpp.
     Do not edit: change the table, then run `scripts/dev.sh docs`. -->

Every option of `memwatchd` is a command-line flag and a key of its YAML configuration file.
`memwatchd --help` and memwatchd(8) list the same options; the package's
`/etc/memwatch/memwatchd.yml` lists them all at their defaults, commented out.

## Where the configuration comes from

1. Each option's default, below.
2. The YAML file named by `--config.file`. The packaged unit runs
   `memwatchd --config.file=/etc/memwatch/memwatchd.yml $ARGS`.
3. Flags on the command line; under the unit, `ARGS="..."` in `/etc/default/memwatchd`
   (systemd splits it at spaces and reads backslashes: write a regex's `\d` as `\\d`).
   **Flags win** over the file, option by option.

Besides the options below, memwatchd takes `--config.file=PATH` (no file by default), `--help`
and `--version` (print and exit 0).

**Keys.** A flag's dotted name is the file's nesting: `--web.listen-address=:9100` is

```yaml
web:
  listen-address: ":9100"
```

A collector switch `--[no-]collector.NAME` is `collector: {NAME: false}`, or
`collector: {NAME: {enabled: false}}` where the collector has options of its own
(`collector: {vmstat: {enabled: true, fields: "^pgpg.*"}}`). A list option is a YAML sequence
(`[]` for none) and a repeated flag on the command line.

**Mistakes.** An unknown flag or a bad value exits 2 naming the flag. In the file, an unknown
key, a wrong type, a bad value or a key given twice exits 2 naming the file, line and key
(`memwatchd.yml:7: unknown key 'collector.meminf'`). The unit does not restart after exit 2
(`RestartPreventExitStatus=2`).

## Reload

`systemctl reload memwatchd` sends SIGHUP (so does the D-Bus method `Reload`, root only):
memwatchd reads the file again, and the web configuration file it names. Each option below says
whether a reload applies it. Options that apply only on restart keep their running values; a
reload that changes them says so in one log line naming them
(`collector.journal.top, web.listen-address take effect only after a restart; keeping the
running values`); values are compared as written, so `10` and `10s` count as a change. A file
that does not load is refused: the previous configuration keeps serving, the reason is logged
(`reload refused, keeping the previous configuration: ...`) and `systemctl status memwatchd`
shows `Status: "serving /metrics on port 12100; the last reload failed, previous configuration
kept"` until a reload succeeds. Changes to `/etc/default/memwatchd` need
`systemctl restart memwatchd`.

## The web configuration file

`--web.config.file` names a file in
[exporter-toolkit's format](https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md),
the one node_exporter reads: `tls_server_config` (certificate and key, client CA and
`client_auth_type`, TLS versions, curves), `basic_auth_users` (bcrypt hashes) and
`http_server_config.headers`. Relative file names in it are taken from its own directory. An
empty file or `{}` means plain HTTP without authentication. It is checked whole at start (a bad
file exits 2 naming file, line and key) and re-read with its certificates on every reload, so a
new password or a renewed certificate applies to the next connection without a restart. What is
supported, ignored and refused, and how to set it up under the packaged unit, is in the
README's [TLS and basic auth](../README.md#tls-and-basic-auth); the Prometheus side is in
[prometheus.md](prometheus.md#tls-and-basic-auth).

## Options

Grouped by the first part of their key, as in the configuration file.
)";

// Whether Markdown would read something in a word: emphasis, a tag, a link, a code span or an
// escape. An underscore inside a word (memwatch_oom_units) is plain text to CommonMark.
bool markdownReads(std::string_view word) {
  static constexpr std::string_view kSpecial = "*<>[]`\\";
  return word.find_first_of(kSpecial) != std::string_view::npos || word.front() == '_' ||
         word.back() == '_';
}

// Help text for Markdown: words Markdown would read go into code spans, so `memwatch_oom_*` and
// `<url>/api/v2/alerts` show as written both rendered and in a terminal.
std::string markdownText(std::string_view text) {
  static constexpr std::string_view kLeading = "(\"'";
  static constexpr std::string_view kTrailing = ")\"',.;:";
  std::string result;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    const std::size_t first = word.find_first_not_of(kLeading);
    const std::size_t last = word.find_last_not_of(kTrailing);
    std::string_view core;
    if (first != std::string_view::npos && last != std::string_view::npos && first <= last) {
      core = word.substr(first, last - first + 1);
    }
    if (!result.empty()) result += ' ';
    if (core.empty() || !markdownReads(core)) {
      result += word;
      continue;
    }
    const std::string_view fence = core.find('`') == std::string_view::npos ? "`" : "`` ";
    const std::string_view closing = fence.size() == 1 ? "`" : " ``";
    result += word.substr(0, first);
    result += fence;
    result += core;
    result += closing;
    result += word.substr(first + core.size());
  }
  return result;
}

// `text` as lines of at most kWidth columns, broken at spaces (never inside a code span, which
// markdownText() keeps within one word).
std::string wrapped(std::string_view text) {
  std::string result;
  std::size_t lineStart = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (result.size() > lineStart && result.size() - lineStart + 1 + word.size() > kWidth) {
      result += '\n';
      lineStart = result.size();
    } else if (result.size() > lineStart) {
      result += ' ';
    }
    result += word;
  }
  return result;
}

std::string codeSpan(std::string_view text) {
  if (text.find('`') == std::string_view::npos) return "`" + std::string(text) + "`";
  return "`` " + std::string(text) + " ``";
}

void writeOption(std::ostream& out, const OptionSpec& spec, bool hasOptionsOfItsOwn) {
  out << "\n#### `--" << (spec.isSwitch ? "[no-]" : "") << spec.key << "`\n\n";
  out << wrapped(markdownText(spec.help)) << "\n\n";
  out << "- YAML: " << codeSpan(spec.key);
  if (spec.isSwitch) {
    out << (hasOptionsOfItsOwn ? ", or " : " (or ") << codeSpan(spec.key + ".enabled")
        << (hasOptionsOfItsOwn ? " beside its options" : ")");
  }
  out << "\n";
  if (spec.isList()) {
    const std::vector<std::string> items = memwatch::defaultListItems(spec.defaultText);
    out << "- Default: " << (items.empty() ? "none" : "");
    for (std::size_t i = 0; i < items.size(); ++i) {
      out << (i == 0 ? "" : ", ") << codeSpan(items[i]);
    }
    out << "\n- A list: repeat the flag for more; in YAML a sequence, `[]` for none.\n";
  } else {
    out << "- Default: " << (spec.defaultText.empty() ? "none (empty)" : codeSpan(spec.defaultText))
        << "\n";
  }
  out << "- Reload: "
      << (spec.appliesOnReload ? "applied by `systemctl reload memwatchd` (SIGHUP)"
                               : "applies only after a restart")
      << "\n";
}

void writeNode(std::ostream& out, const OptionNode& node) {
  for (const auto& [name, child] : node.children) {
    if (child->option != nullptr) writeOption(out, *child->option, !child->children.empty());
    writeNode(out, *child);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: memwatch_configuration_reference OUTPUT.md\n";
    return 2;
  }
  std::ofstream out(argv[1]);
  out << kIntroduction;
  // One section per top-level key of the file, in the file's order.
  for (const auto& [name, section] : memwatch::optionTree(memwatch::optionTable()).children) {
    out << "\n### `" << name << "`\n";
    if (section->option != nullptr) writeOption(out, *section->option, !section->children.empty());
    writeNode(out, *section);
  }
  out.close();
  if (!out) {
    std::cerr << "memwatch_configuration_reference: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}

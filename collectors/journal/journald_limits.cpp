// journald's limits: systemd-style sizes, the [Journal] section of journald.conf and its drop-ins
// by precedence, and the 10 %-capped-at-4-GiB default from statvfs.
#include "collectors/journal/journald_limits.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <map>

#include "collectors/base/text_scan.h"
#include "collectors/base/whole_file.h"

namespace memwatch {

std::optional<std::uint64_t> parseJournaldSize(std::string_view text) {
  text = trimWhitespace(text);
  if (text.empty()) return std::nullopt;
  std::uint64_t multiplier = 1;
  static constexpr std::string_view kSuffixes = "KMGTPE";
  if (std::size_t power = kSuffixes.find(text.back()); power != std::string_view::npos) {
    for (std::size_t i = 0; i <= power; ++i) multiplier *= 1024;
    text.remove_suffix(1);
  } else if (text.back() == 'B') {
    text.remove_suffix(1);
  }
  // A fraction, as systemd's parse_size() takes it: "1.5G" is 1.5 x 2^30, rounded down.
  std::string_view fraction;
  if (std::size_t dot = text.find('.'); dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
    if (fraction.empty() || fraction.size() > 18 || !parseUnsigned(fraction)) return std::nullopt;
  }
  std::optional<std::uint64_t> value = parseUnsigned(text);
  if (!value || *value > UINT64_MAX / multiplier) return std::nullopt;
  std::uint64_t bytes = *value * multiplier;
  if (!fraction.empty()) {
    std::uint64_t scale = 1;
    for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
    const auto part = static_cast<std::uint64_t>(
        static_cast<long double>(*parseUnsigned(fraction)) * multiplier / scale);
    if (part > UINT64_MAX - bytes) return std::nullopt;
    bytes += part;
  }
  return bytes;
}

bool journaldStoresPersistently(const JournaldLimits& limits, bool isNamespace,
                                bool varLogJournalExists) {
  const std::string storage = limits.storage.value_or(isNamespace ? "persistent" : "auto");
  if (storage == "persistent") return true;
  if (storage == "auto") return varLogJournalExists;
  return false;  // volatile, or none (nothing on disk: the runtime limit is as good as any)
}

void applyJournaldConf(std::string_view text, JournaldLimits& limits) {
  bool inJournalSection = false;
  for (std::string_view line : splitLines(text)) {
    line = trimWhitespace(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      inJournalSection = line.starts_with("[Journal]");
      continue;
    }
    if (!inJournalSection) continue;
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = trimWhitespace(line.substr(0, equals));
    const std::string_view value = trimWhitespace(line.substr(equals + 1));
    const std::optional<std::uint64_t> size = parseJournaldSize(value);
    // An empty value resets to the default, as in systemd's own parser.
    if (key == "SystemMaxUse") limits.systemMaxUse = size;
    if (key == "RuntimeMaxUse") limits.runtimeMaxUse = size;
    if (key == "Storage") {
      if (value.empty()) {
        limits.storage.reset();
      } else {
        limits.storage = std::string(value);
      }
    }
  }
}

JournaldLimits readJournaldLimits(const std::filesystem::path& root, const std::string& nameSpace) {
  const std::string name = nameSpace.empty() ? "journald" : "journald@" + nameSpace;
  JournaldLimits limits;
  auto apply = [&](const std::filesystem::path& path) {
    Expected<std::string> text = readWholeFile(path);
    if (text) applyJournaldConf(text.value(), limits);
  };
  apply(root / "etc/systemd" / (name + ".conf"));
  // Drop-ins by file name; a name in /etc hides the same name in /run, which hides /usr/local/lib,
  // which hides /usr/lib.
  std::map<std::string, std::filesystem::path> dropIns;
  for (const char* directory :
       {"usr/lib/systemd", "usr/local/lib/systemd", "run/systemd", "etc/systemd"}) {
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(root / directory / (name + ".conf.d"), error)) {
      if (entry.path().extension() == ".conf") dropIns[entry.path().filename()] = entry.path();
    }
  }
  for (const auto& [fileName, path] : dropIns) apply(path);
  return limits;
}

std::optional<std::uint64_t> journaldMaxUse(const JournaldLimits& limits,
                                            const std::filesystem::path& directory,
                                            bool persistent) {
  const std::optional<std::uint64_t>& configured =
      persistent ? limits.systemMaxUse : limits.runtimeMaxUse;
  if (configured) return configured;
  struct statvfs fs {};
  if (statvfs(directory.c_str(), &fs) != 0) return std::nullopt;
  const std::uint64_t size = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
  return std::min<std::uint64_t>(size / 10, std::uint64_t{4} << 30);
}

std::optional<std::uint64_t> journaldDiskBudget(const std::filesystem::path& root,
                                                const std::string& nameSpace,
                                                const std::filesystem::path& directory) {
  const JournaldLimits limits = readJournaldLimits(root, nameSpace);
  if (!directory.empty()) return journaldMaxUse(limits, directory, true);
  const bool persistent = journaldStoresPersistently(
      limits, !nameSpace.empty(), std::filesystem::exists(root / "var/log/journal"));
  return journaldMaxUse(limits, root / (persistent ? "var/log/journal" : "run/log/journal"),
                        persistent);
}

}  // namespace memwatch

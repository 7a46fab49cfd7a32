#pragma once

// journald's disk budget: journald.conf and its drop-ins, and the default when unset.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace memwatch {

// journald's disk budget settings, as journald.conf and its drop-ins set them.
struct JournaldLimits {
  std::optional<std::uint64_t> systemMaxUse;
  std::optional<std::uint64_t> runtimeMaxUse;
  std::optional<std::string> storage;  // Storage=: volatile, persistent, auto or none
};

// "4G", "1.5G", "512M", "100K", "1024", "1024B" -> bytes (1024-based, as journald reads them).
std::optional<std::uint64_t> parseJournaldSize(std::string_view text);

// Whether journald keeps this journal on disk (/var/log/journal, SystemMaxUse=) or in memory
// (/run/log/journal, RuntimeMaxUse=): Storage= decides; its default is "auto" (on disk when
// /var/log/journal exists) for the system journal and "persistent" for a namespace.
bool journaldStoresPersistently(const JournaldLimits& limits, bool isNamespace,
                                bool varLogJournalExists);

// Applies the [Journal] settings of one file; later files override earlier ones.
void applyJournaldConf(std::string_view text, JournaldLimits& limits);

// Reads journald.conf (journald@NAMESPACE.conf for a namespace) and the drop-ins under
// {/etc,/run,/usr/local/lib,/usr/lib}/systemd/journald[@NAMESPACE].conf.d, below `root`, in
// journald's order.
JournaldLimits readJournaldLimits(const std::filesystem::path& root, const std::string& nameSpace);

// What journald enforces for journal files in `directory`: the configured maximum, or its
// default of 10 % of the file system, capped at 4 GiB.
std::optional<std::uint64_t> journaldMaxUse(const JournaldLimits& limits,
                                            const std::filesystem::path& directory,
                                            bool persistent);

// The budget journald enforces for a journal: its namespace's configuration below `root`, with
// the limit that applies where journald keeps the files, on disk (SystemMaxUse=) or in memory
// (RuntimeMaxUse=) as Storage= says. A journal read from `directory` (not written by journald
// here) is taken as persistent files in that directory.
std::optional<std::uint64_t> journaldDiskBudget(const std::filesystem::path& root,
                                                const std::string& nameSpace,
                                                const std::filesystem::path& directory);

}  // namespace memwatch

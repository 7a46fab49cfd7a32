#pragma once

// Finding the journald process that writes a journal.

#include <filesystem>
#include <string>

namespace memwatch {

// The pid of the journald that writes a journal: "systemd-journald" with the namespace as its
// only argument, or none for the default journal; 0 when there is no such process under `procfs`.
int findJournaldPid(const std::filesystem::path& procfs, const std::string& nameSpace);

}  // namespace memwatch

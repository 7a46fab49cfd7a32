#pragma once

// Surviving a journal file truncated under its memory mapping (SIGBUS).

#include <cstdint>

namespace memwatch {

// sd-journal reads journal files through mmap. A file truncated under the reader (a vacuum
// racing a read, a journald that died mid-write, a full disk) turns the next read of the lost
// pages into SIGBUS, whose default action kills the process. The guard does what journalctl and
// journald do: it maps an anonymous zero page over the faulting page and lets the read go on.
// sd-journal then sees an object of zeros, reports it as corrupt (-EBADMSG) and skips it, and
// the daemon keeps serving. Any other SIGBUS (no address, a hardware memory error) keeps its
// default action. Installed once, before any file is mapped.
void installSigbusGuard();

// Faults the guard has absorbed since start.
std::uint64_t sigbusFaultsAbsorbed();

}  // namespace memwatch

// The SIGBUS handler: the faulting page replaced by an anonymous one and the fault counted; other
// SIGBUS signals go to the default action.
#include "collectors/journal/sigbus_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace memwatch {
namespace {

std::atomic<std::uint64_t> absorbedFaults{0};
std::uintptr_t pageMask = 0;  // set before the handler is installed; read-only after

void fallBackToDefault() {
  struct sigaction defaultAction {};
  defaultAction.sa_handler = SIG_DFL;
  sigaction(SIGBUS, &defaultAction, nullptr);
  // A fault returns to the faulting access, which now kills the process as it would have; a
  // SIGBUS sent with kill() has no access to repeat, so it is raised again (delivered once the
  // handler returns) rather than swallowed.
  raise(SIGBUS);
}

// Only async-signal-safe work here: mmap and sigaction are plain system calls.
void onSigbus(int, siginfo_t* info, void*) {
  if (info->si_code != BUS_ADRERR || info->si_addr == nullptr) {
    fallBackToDefault();
    return;
  }
  auto* page = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(info->si_addr) & pageMask);
  void* replaced = mmap(page, ~pageMask + 1, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (replaced == MAP_FAILED) {
    fallBackToDefault();
    return;
  }
  absorbedFaults.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void installSigbusGuard() {
  pageMask = ~(static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE)) - 1);
  struct sigaction action {};
  action.sa_sigaction = onSigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, nullptr);
}

std::uint64_t sigbusFaultsAbsorbed() { return absorbedFaults.load(std::memory_order_relaxed); }

}  // namespace memwatch

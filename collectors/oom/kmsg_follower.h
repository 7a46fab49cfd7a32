#pragma once

// Follows the kernel log on the event loop and turns its OOM records into kills.

#include <systemd/sd-event.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "collectors/base/scoped_event_source.h"
#include "collectors/events/event_publisher.h"
#include "collectors/oom/oom_kill_assembler.h"
#include "collectors/oom/oom_stats.h"

namespace memwatch {

// Follows the kernel log on the sd-event loop, without polling: /dev/kmsg is read to its end at
// start (the kills still in the ring buffer are counted and published unannounced), then each
// record as it arrives. A regular file of records, one per line, is read once instead. A device
// that fails or ends for good is no longer followed (not polled in a loop); the OOM collector
// reports why.
class KmsgFollower {
 public:
  // Never fails: a log that cannot be opened (no CAP_SYSLOG under kernel.dmesg_restrict=1, no
  // /dev/kmsg in a container) is recorded in `stats` as the OOM collector's error, which the
  // collector's failure log reports like any other collector's (once, then rate-limited).
  // Each kill is counted in `stats`, then published to `events`.
  KmsgFollower(sd_event* event, std::filesystem::path path, std::shared_ptr<OomStats> stats,
               EventPublisher& events);
  ~KmsgFollower();
  KmsgFollower(const KmsgFollower&) = delete;
  KmsgFollower& operator=(const KmsgFollower&) = delete;

 private:
  static int onReadable(sd_event_source* source, int fd, uint32_t events, void* self);
  // False once the device can no longer be read: the error is recorded and logged.
  bool readDevice(bool live);
  void readFile();
  void handleRecord(std::string_view record, bool live);
  double wallClockOf(std::uint64_t monotonicMicroseconds) const;

  const std::filesystem::path path_;
  const std::shared_ptr<OomStats> stats_;
  EventPublisher& events_;
  OomKillAssembler assembler_;
  std::optional<std::uint64_t> lastSequence_;
  int fd_ = -1;
  ScopedEventSource source_;  // declared after fd_: goes before the descriptor is closed
};

}  // namespace memwatch

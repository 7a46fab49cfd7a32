#pragma once

#include <cstdint>
#include <string_view>

#include "collectors/expected.h"

namespace memwatch {

// One record as /dev/kmsg hands it out: "prio,seq,usec,flags[,more];text\n" followed by
// " KEY=value" continuation lines (dropped here). The kernel already escapes unprintable bytes in
// the text as \xNN, so text is printable ASCII.
struct KmsgRecord {
  unsigned facility = 0;  // 0 is the kernel; user space writing to /dev/kmsg never gets 0
  unsigned level = 0;
  std::uint64_t sequence = 0;
  std::uint64_t monotonicMicroseconds = 0;  // since boot, printk's clock
  std::string_view text;                    // the first line, without its newline
};

Expected<KmsgRecord> parseKmsgRecord(std::string_view record);

}  // namespace memwatch

#pragma once

// One /dev/kmsg record, parsed, with the kernel's escapes decoded.

#include <cstdint>
#include <string>
#include <string_view>

#include "collectors/base/expected.h"

namespace memwatch {

// One record as /dev/kmsg hands it out: "prio,seq,usec,flags[,more];text\n" followed by
// " KEY=value" continuation lines (dropped here: nothing memwatch reads is in them).
struct KmsgRecord {
  unsigned facility = 0;  // 0 is the kernel; user space writing to /dev/kmsg never gets 0
  unsigned level = 0;
  std::uint64_t sequence = 0;
  std::uint64_t monotonicMicroseconds = 0;  // since boot, printk's clock
  std::string text;  // the first line, without its newline, with the kernel's escapes decoded
};

Expected<KmsgRecord> parseKmsgRecord(std::string_view record);

// The kernel writes '\\', control bytes and bytes >= 0x7f of a record as \xNN (lower-case hex),
// so a comm "a\b" arrives as "a\x5cb" and a cgroup path that systemd escaped itself
// ("foo@a\x2db.service") as "foo@a\x5cx2db.service". Decoding exactly one level gives back the
// bytes the kernel printed. Anything that is not \x and two hex digits stays as it is.
std::string decodeKmsgEscapes(std::string_view text);

}  // namespace memwatch

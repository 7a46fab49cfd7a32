// The kernel log's OOM lines on arbitrary bytes: each line of the input is one /dev/kmsg record
// (as in tests/fixtures/kmsg/), parsed, its text given to parseOomMessage(), and the records fed
// in order to one OomKillAssembler, as the OOM collector does.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collectors/oom/kmsg_record.h"
#include "collectors/oom/oom_kill_assembler.h"
#include "collectors/oom/oom_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  memwatch::OomKillAssembler assembler;
  std::size_t kills = 0;
  while (!input.empty()) {
    std::size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    if (memwatch::parseOomMessage(line)) ++kills;
    auto record = memwatch::parseKmsgRecord(line);
    if (!record) continue;
    if (auto kill = assembler.add(record.value()); kill && kill->pid >= 0) ++kills;
  }
  volatile std::size_t sink = kills;
  (void)sink;
  return 0;
}

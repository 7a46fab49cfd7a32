// LogSink::deliver(): flood ends logged at info and the rest at warning, control bytes escaped.
#include "daemon/events/log_sink.h"

#include <spdlog/spdlog.h>

#include "collectors/base/text_scan.h"
#include "daemon/events/event_text.h"

namespace memwatch {

void LogSink::deliver(const Event& event) {
  const bool notice =
      std::visit(Overloaded{[](const OomKill&) { return false; },
                            [](const JournalFlood& flood) { return !flood.started; },
                            [](const MemoryPressure&) { return false; }},
                 event.what);
  spdlog::log(notice ? spdlog::level::info : spdlog::level::warn, "{}",
              escapeControlBytes(describeEvent(event)));
}

}  // namespace memwatch

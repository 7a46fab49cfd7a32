#pragma once

// An event in one line of text for people: the log line and the journal record's MESSAGE.

#include <string>

#include "collectors/events/event.h"

namespace memwatch {

// "OOM kill: pid 4242 (python3) in app.service, constraint memcg, anon-rss 32 MiB, ...".
std::string describeOomKill(const OomKill& kill);
// "journal flood started: chatty logs 5000 entries/s, ..." or "journal flood ended: ...".
std::string describeJournalFlood(const JournalFlood& flood);
// "memory pressure: some 70000 us stalled within 1000000 us (avg10 12.50%)".
std::string describeMemoryPressure(const MemoryPressure& pressure);
std::string describeEvent(const Event& event);

}  // namespace memwatch

#pragma once

// The JSON bodies of the /api/v1 endpoints.

#include <string>
#include <vector>

#include "collectors/events/journal_flood.h"
#include "collectors/events/memory_pressure.h"
#include "collectors/events/oom_kill.h"
#include "collectors/journal/producer_table.h"

namespace memwatch {

// GET /api/v1/oom-kills: a JSON array of kills, in the order given.
std::string oomKillsJson(const std::vector<OomKill>& kills);
// GET /api/v1/journal/floods: {"active": [...], "recent": [...]}.
std::string journalFloodsJson(const std::vector<ProducerTable::Rate>& flooding,
                              const std::vector<JournalFlood>& recent);
// GET /api/v1/journal/producers: the busiest producers with their current rates.
std::string journalProducersJson(const std::vector<ProducerTable::Rate>& producers);
// GET /api/v1/pressure/triggers: the PSI trigger events, in the order given.
std::string pressureTriggersJson(const std::vector<MemoryPressure>& firings);

}  // namespace memwatch

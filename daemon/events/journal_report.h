#pragma once

#include <string>
#include <vector>

#include "collectors/journal/journal_stats.h"

namespace memwatch {

// memwatch's own journal MESSAGE_IDs for a journal flood starting and ending,
// kFloodStartedMessageId and kFloodEndedMessageId, are in collectors/journal_entry.h: the reader
// recognises memwatchd's own records by them.

std::string describeFloodEvent(const FloodEvent& event);
std::vector<std::string> floodEventJournalFields(const FloodEvent& event);

// Announces a flood starting or ending: a log line and a structured journal record. The reader
// calls it only for events with `announce` set.
void reportFloodEvent(const FloodEvent& event);

// GET /api/v1/journal/floods: {"active": [...], "recent": [...]}.
std::string journalFloodsJson(const std::vector<ProducerTable::Rate>& flooding,
                              const std::vector<FloodEvent>& recent);
// GET /api/v1/journal/producers: the busiest producers with their current rates.
std::string journalProducersJson(const std::vector<ProducerTable::Rate>& producers);

}  // namespace memwatch

#pragma once

#include <string>
#include <vector>

#include "collectors/journal_stats.h"

namespace memwatch {

// memwatch's own journal MESSAGE_IDs for a journal flood starting and ending.
inline constexpr const char* kFloodStartedMessageId = "c4d2d68063244186b7bbfb7c14a4ea9f";
inline constexpr const char* kFloodEndedMessageId = "7fc97e1d0cd24e4c8325c713449f3e91";

std::string describeFloodEvent(const FloodEvent& event);
std::vector<std::string> floodEventJournalFields(const FloodEvent& event);

// Announces a flood starting or ending: a log line and a structured journal record.
void reportFloodEvent(const FloodEvent& event);

// GET /api/v1/journal/floods: {"active": [...], "recent": [...]}.
std::string journalFloodsJson(const std::vector<ProducerTable::Rate>& flooding,
                              const std::vector<FloodEvent>& recent);
// GET /api/v1/journal/producers: the busiest producers with their current rates.
std::string journalProducersJson(const std::vector<ProducerTable::Rate>& producers);

}  // namespace memwatch

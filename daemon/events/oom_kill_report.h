#pragma once

#include <string>
#include <vector>

#include "collectors/events/oom_kill.h"

namespace memwatch {

// memwatch's own journal MESSAGE_ID for an OOM kill: journalctl MESSAGE_ID=07cffaa8...
inline constexpr const char* kOomKillMessageId = "07cffaa84d8a4edf89399c244493d62e";

// One line for people: "OOM kill: pid 4242 (python3) in app.service, constraint memcg, ...".
std::string describeOomKill(const OomKill& kill);

// The journal fields of a kill ("OOM_PID=4242", ...), MESSAGE and MESSAGE_ID included.
std::vector<std::string> oomKillJournalFields(const OomKill& kill);

// Announces a new kill: a warning on stderr and a structured journal record.
void reportOomKill(const OomKill& kill);

// The body of GET /api/v1/oom-kills: a JSON array of kills, in the order given.
std::string oomKillsJson(const std::vector<OomKill>& kills);

}  // namespace memwatch

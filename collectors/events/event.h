#pragma once

// The one event type every source publishes and every sink receives.

#include <variant>

#include "collectors/events/journal_flood.h"
#include "collectors/events/memory_pressure.h"
#include "collectors/events/oom_kill.h"

namespace memwatch {

// Something that happened on the host and is worth telling someone about: an OOM kill (by the
// kernel or by a userspace killer, OomKill::killer says which), a journal flood starting or
// ending, a pressure trigger firing. A new kind is one more alternative here, a struct of its own
// in this folder, and a case in each sink that speaks of it.
struct Event {
  std::variant<OomKill, JournalFlood, MemoryPressure> what;
  // Whether sinks that alert (the log line, the journal record, later D-Bus signals and
  // Alertmanager) speak of it. False for what a source finds in a backlog when it starts: the
  // kills still in the kernel's ring buffer, floods in journal entries read while catching up,
  // and the ends of floods whose start was not announced. Those are counted and listed (the
  // /api/v1 rings keep them) but would be old news as alerts.
  bool announce = true;
};

// For std::visit over Event::what with one lambda per kind:
//   std::visit(Overloaded{[](const OomKill&) {...}, [](const JournalFlood&) {...},
//                         [](const MemoryPressure&) {...}}, event.what)
// A kind left without a lambda does not compile, so a new kind cannot be forgotten by a sink.
template <typename... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
// C++20 deduces this for an aggregate; clang before 17 (the fuzz build's clang 14) needs it said.
template <typename... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace memwatch

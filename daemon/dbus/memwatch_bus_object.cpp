// MemwatchBusObject: events to OomKill, JournalFlood and MemoryPressure signals; the Get methods
// from the recent events and the journal's producer table; Reload for root only.
#include "daemon/dbus/memwatch_bus_object.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "collectors/base/build_info.h"
#include "daemon/dbus/bus_values.h"

namespace memwatch {

MemwatchBusObject::MemwatchBusObject(sdbus::IConnection& connection, DbusLoopBinding& binding,
                                     MemwatchBusQueries queries)
    : AdaptorInterfaces(connection, kMemwatchObjectPath),
      binding_(binding),
      queries_(std::move(queries)) {
  registerAdaptor();
}

MemwatchBusObject::~MemwatchBusObject() { unregisterAdaptor(); }

void MemwatchBusObject::deliver(const Event& event) {
  try {
    std::visit(Overloaded{[this](const OomKill& kill) { emitOomKill(oomKillDetails(kill)); },
                          [this](const JournalFlood& flood) {
                            emitJournalFlood(busText(flood.producer), flood.started,
                                             flood.entriesPerSecond, flood.bytesPerSecond);
                          },
                          [this](const MemoryPressure& pressure) {
                            emitMemoryPressure(pressure.resource, pressure.kind, pressure.avg10);
                          }},
               event.what);
  } catch (const sdbus::Error& e) {
    // The connection is gone or its queue full: the binding reports a dead connection once.
    spdlog::debug("D-Bus: cannot emit a signal: {}", e.what());
  }
  binding_.rearm();
}

std::vector<std::map<std::string, sdbus::Variant>> MemwatchBusObject::GetRecentOomKills() {
  std::vector<std::map<std::string, sdbus::Variant>> kills;
  for (const OomKill& kill : queries_.recentOomKills()) kills.push_back(oomKillDetails(kill));
  return kills;
}

std::vector<sdbus::Struct<std::string, double, double>> MemwatchBusObject::GetTopProducers(
    const uint32_t& count) {
  std::vector<sdbus::Struct<std::string, double, double>> producers;
  if (!queries_.topProducers) return producers;  // the journal collector is off
  for (const ProducerTable::Rate& rate : queries_.topProducers(std::min(count, kMaxTopProducers))) {
    producers.emplace_back(busText(rate.producer), rate.entriesPerSecond, rate.bytesPerSecond);
  }
  return producers;
}

void MemwatchBusObject::Reload() {
  // The bus policy already lets only root call this; a bus configured otherwise must not let
  // anyone make memwatchd re-read its files either. The effective UID, which the bus itself
  // reports (GetConnectionCredentials): the real one sd-bus reads from the caller's /proc entry,
  // which memwatchd.service's ProtectProc=invisible hides, so root was refused.
  const uid_t caller = getObject().getCurrentlyProcessedMessage()->getCredsEuid();
  if (caller != 0) {
    throw sdbus::Error("org.freedesktop.DBus.Error.AccessDenied", "only root may reload memwatchd");
  }
  spdlog::info("D-Bus: Reload called");
  queries_.reload();  // queued on the loop: it runs once this call has returned
}

std::string MemwatchBusObject::Version() { return std::string(buildVersion()); }

}  // namespace memwatch

// DbusService::start(): the connection opened, then the object, the name and the oomd watch,
// each failure logged once; the binding drives them all from the event loop.
#include "daemon/dbus/dbus_service.h"

#include <spdlog/spdlog.h>

namespace memwatch {

std::unique_ptr<DbusService> DbusService::start(DbusBus bus, sd_event* loop, EventPublisher& events,
                                                MemwatchBusQueries queries) {
  if (bus == DbusBus::None) return nullptr;
  const std::string_view busName = bus == DbusBus::System ? "system" : "session";
  std::unique_ptr<DbusService> service(new DbusService());
  try {
    service->connection_ = bus == DbusBus::System ? sdbus::createSystemBusConnection()
                                                  : sdbus::createSessionBusConnection();
  } catch (const sdbus::Error& e) {
    spdlog::warn("D-Bus: cannot connect to the {} bus ({}); running without D-Bus", busName,
                 e.what());
    return nullptr;
  }
  service->binding_ = std::make_unique<DbusLoopBinding>(loop, *service->connection_);
  try {
    service->object_ = std::make_shared<MemwatchBusObject>(*service->connection_,
                                                           *service->binding_, std::move(queries));
    service->oomd_ = std::make_unique<OomdKillWatch>(*service->connection_, events);
  } catch (const sdbus::Error& e) {
    spdlog::warn(
        "D-Bus: cannot set up memwatchd's object on the {} bus ({}); running without "
        "D-Bus",
        busName, e.what());
    return nullptr;
  }
  try {
    service->connection_->requestName(kMemwatchBusName);
    spdlog::info("D-Bus: {} on the {} bus", kMemwatchBusName, busName);
  } catch (const sdbus::Error& e) {
    spdlog::warn("D-Bus: cannot own {} on the {} bus ({}); signals are sent from {} instead",
                 kMemwatchBusName, busName, e.what(), service->connection_->getUniqueName());
  }
  service->binding_->rearm();
  return service;
}

DbusService::~DbusService() {
  // The watch and the object unregister from the connection, which the binding stops driving
  // last.
  oomd_.reset();
  object_.reset();
  binding_.reset();
}

std::shared_ptr<EventSink> DbusService::signalSink() const {
  return std::make_shared<BusSignalSink>(object_);
}

}  // namespace memwatch

#pragma once

// memwatchd on D-Bus: the connection, its name, its object and the systemd-oomd watch.

#include <systemd/sd-event.h>

#include <memory>
#include <string_view>

#include "collectors/events/event_publisher.h"
#include "daemon/config/settings.h"
#include "daemon/dbus/dbus_loop_binding.h"
#include "daemon/dbus/memwatch_bus_object.h"
#include "daemon/dbus/oomd_kill_watch.h"

namespace memwatch {

// Connects to the bus --dbus.bus names (the system bus honours DBUS_SYSTEM_BUS_ADDRESS, the
// session bus DBUS_SESSION_BUS_ADDRESS), exports /org/memwatch/Memwatch1, asks for the name
// org.memwatch.Memwatch1 and listens for systemd-oomd's kills, all on the event loop.
//
// Nothing here stops memwatchd: a bus that cannot be reached gives no service (start() returns
// null after one log line), and a name the bus policy refuses is logged once while the object,
// its signals (sent from the connection's unique name) and the oomd watch carry on.
class DbusService {
 public:
  static std::unique_ptr<DbusService> start(DbusBus bus, sd_event* loop, EventPublisher& events,
                                            MemwatchBusQueries queries);
  ~DbusService();

  // For the event hub: the object's signals, while it lives.
  std::shared_ptr<EventSink> signalSink() const;

 private:
  DbusService() = default;

  std::unique_ptr<sdbus::IConnection> connection_;
  std::unique_ptr<DbusLoopBinding> binding_;
  std::shared_ptr<MemwatchBusObject> object_;
  std::unique_ptr<OomdKillWatch> oomd_;
};

}  // namespace memwatch

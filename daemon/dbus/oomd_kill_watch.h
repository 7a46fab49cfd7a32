#pragma once

// systemd-oomd's Killed signals, taken only from the owner of org.freedesktop.oom1.

#include <memory>
#include <string>

#include "collectors/events/event_publisher.h"
#include "daemon/dbus/oom1_manager_proxy.h"

namespace memwatch {

inline constexpr const char* kOomdBusName = "org.freedesktop.oom1";

// Publishes each kill systemd-oomd announces (org.freedesktop.oom1.Manager.Killed(cgroup,
// reason), systemd >= 252) as an OomKill by "systemd-oomd", with the cgroup's unit.
//
// Trust: any client may send a signal with that interface and path, and may address it straight
// to memwatchd, past the bus's match rules. So the watch follows who owns org.freedesktop.oom1
// (GetNameOwner at start, then NameOwnerChanged, which the bus sends in order with the signals)
// and drops a Killed signal from any other sender, counting it and logging the first. The owner
// is learnt only from messages whose sender is the bus itself, which no client can forge.
class OomdKillWatch final : public sdbus::ProxyInterfaces<org::freedesktop::oom1::Manager_proxy> {
 public:
  OomdKillWatch(sdbus::IConnection& connection, EventPublisher& events);
  ~OomdKillWatch();

 private:
  void onKilled(const std::string& cgroup, const std::string& reason) override;

  EventPublisher& events_;
  std::string owner_;  // the unique name owning org.freedesktop.oom1; "" while nobody does
  std::unique_ptr<sdbus::IProxy> bus_;  // org.freedesktop.DBus, for GetNameOwner
  sdbus::Slot ownerChanges_;
  std::uint64_t forged_ = 0;
};

}  // namespace memwatch

// OomdKillWatch: the owner of org.freedesktop.oom1 followed from NameOwnerChanged, and Killed
// signals from that owner published as kills by systemd-oomd.
#include "daemon/dbus/oomd_kill_watch.h"

#include <spdlog/spdlog.h>

#include "collectors/base/wall_clock.h"
#include "collectors/oom/cgroup_unit.h"

namespace memwatch {

OomdKillWatch::OomdKillWatch(sdbus::IConnection& connection, EventPublisher& events)
    : ProxyInterfaces(connection, kOomdBusName, "/org/freedesktop/oom1"), events_(events) {
  ownerChanges_ = connection.addMatch(
      std::string("type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                  "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='") +
          kOomdBusName + "'",
      [this](sdbus::Message& message) {
        // A client may send a look-alike NameOwnerChanged straight to memwatchd's connection,
        // past the match rule; only the bus itself can send one as org.freedesktop.DBus (the
        // bus sets the sender of every message).
        if (message.getSender() != "org.freedesktop.DBus") return;
        std::string name, previous, next;
        try {
          message >> name >> previous >> next;
        } catch (const sdbus::Error&) {
          return;
        }
        if (name == kOomdBusName) owner_ = next;
      });
  bus_ = sdbus::createProxy(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus");
  bus_->finishRegistration();
  bus_->callMethodAsync("GetNameOwner")
      .onInterface("org.freedesktop.DBus")
      .withArguments(std::string(kOomdBusName))
      .uponReplyInvoke([this](const sdbus::Error* error, std::string owner) {
        // NameHasNoOwner: systemd-oomd is not running (yet); NameOwnerChanged will say when.
        if (error == nullptr) owner_ = std::move(owner);
      });
  registerProxy();
}

OomdKillWatch::~OomdKillWatch() { unregisterProxy(); }

void OomdKillWatch::onKilled(const std::string& cgroup, const std::string& reason) {
  const std::string sender = getProxy().getCurrentlyProcessedMessage()->getSender();
  if (owner_.empty() || sender != owner_) {
    if (forged_++ == 0) {
      spdlog::warn(
          "D-Bus: ignored an org.freedesktop.oom1.Manager.Killed signal from {}, which does not "
          "own {} (further ones are counted, not logged)",
          sender, kOomdBusName);
    }
    return;
  }
  OomKill kill;
  kill.wallClockSeconds = static_cast<double>(wallClockMicroseconds()) / 1e6;
  kill.cgroup = cgroup;
  kill.unit = unitFromCgroup(cgroup);
  // systemd-oomd kills every process of a cgroup it picked by its memory use or pressure: a
  // choice within one memory cgroup, not the whole machine's.
  kill.constraint = "memcg";
  kill.killer = "systemd-oomd";
  kill.reason = reason;
  events_.publish(Event{.what = std::move(kill)});
}

}  // namespace memwatch

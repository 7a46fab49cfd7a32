#pragma once

// /org/memwatch/Memwatch1: memwatchd's object on the bus, its methods, and its signals as a sink.

#include <functional>
#include <memory>
#include <vector>

#include "collectors/events/oom_kill.h"
#include "collectors/journal/producer_table.h"
#include "daemon/dbus/dbus_loop_binding.h"
#include "daemon/dbus/memwatch1_adaptor.h"
#include "daemon/events/event_sink.h"

namespace memwatch {

inline constexpr const char* kMemwatchBusName = "org.memwatch.Memwatch1";
inline constexpr const char* kMemwatchObjectPath = "/org/memwatch/Memwatch1";

// What the object's methods answer from, all called on the event loop thread.
struct MemwatchBusQueries {
  std::function<std::vector<OomKill>()> recentOomKills;                       // newest first
  std::function<std::vector<ProducerTable::Rate>(std::size_t)> topProducers;  // empty: none
  std::function<void()> reload;                                               // as SIGHUP
};

// The interface of daemon/dbus/org.memwatch.Memwatch1.xml, implemented on the generated adaptor.
// Everything runs on the event loop thread (DbusLoopBinding): the methods, and deliver(), which
// the event hub calls with each announced event and which emits its signal at once. Emitting
// does not wait for anyone: sd-bus queues the message and the binding writes it when the socket
// takes it.
class MemwatchBusObject final : public sdbus::AdaptorInterfaces<org::memwatch::Memwatch1_adaptor>,
                                public EventSink {
 public:
  // GetTopProducers answers at most this many, whatever the count asked.
  static constexpr std::uint32_t kMaxTopProducers = 1000;

  MemwatchBusObject(sdbus::IConnection& connection, DbusLoopBinding& binding,
                    MemwatchBusQueries queries);
  ~MemwatchBusObject() override;

  std::string_view name() const override { return "D-Bus signals"; }
  void deliver(const Event& event) override;

 private:
  std::vector<std::map<std::string, sdbus::Variant>> GetRecentOomKills() override;
  std::vector<sdbus::Struct<std::string, double, double>> GetTopProducers(
      const uint32_t& count) override;
  void Reload() override;
  std::string Version() override;

  DbusLoopBinding& binding_;
  const MemwatchBusQueries queries_;
};

// The hub's handle on the object: forwards while the object lives, so that the hub, which may
// outlive the D-Bus connection at shutdown, never reaches a connection that is gone.
class BusSignalSink final : public EventSink {
 public:
  explicit BusSignalSink(std::weak_ptr<MemwatchBusObject> object) : object_(std::move(object)) {}
  std::string_view name() const override { return "D-Bus signals"; }
  void deliver(const Event& event) override {
    if (std::shared_ptr<MemwatchBusObject> object = object_.lock()) object->deliver(event);
  }

 private:
  std::weak_ptr<MemwatchBusObject> object_;
};

}  // namespace memwatch

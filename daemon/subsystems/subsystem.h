#pragma once

// A part of memwatchd as an operator sees it, declared in one place: its collectors and their
// switches, its options, its event source and its HTTP routes.

#include <systemd/sd-event.h>

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "collectors/core/collector.h"
#include "collectors/events/event_publisher.h"
#include "collectors/journal/producer_table.h"
#include "daemon/config/settings.h"
#include "daemon/events/recent_events.h"
#include "daemon/http/http_server.h"

namespace memwatch {

// One --[no-]collector.<name> switch, named as in node_scrape_collector_success{collector}.
struct CollectorSwitch {
  std::string_view name;
  bool enabledByDefault = true;
  std::string_view help;
};

// What subsystems answer for the rest of the daemon (the D-Bus methods), set by the subsystem
// that knows when it is created; left empty when that subsystem has nothing to say. Called on
// the event loop thread.
struct SubsystemQueries {
  // The busiest journal producers now, at most `count` (the journal subsystem).
  std::function<std::vector<ProducerTable::Rate>(std::size_t count)> topProducers;
};

// What a running subsystem may use: the event loop its source runs on, the hub it publishes
// to, the recent events the /api/v1 routes list, and the queries it may answer.
struct SubsystemContext {
  sd_event* loop = nullptr;
  EventPublisher& events;
  std::shared_ptr<const RecentEvents> recentEvents;
  SubsystemQueries& queries;
};

// A subsystem while memwatchd runs. It is created at start with the settings then in force and
// keeps its state (counters, a follower) for the life of the process: a SIGHUP builds new
// collectors over the same state, so no counter ever resets.
class Subsystem {
 public:
  virtual ~Subsystem() = default;
  // The collector behind one of its switches, for these settings: at start and at each reload
  // that leaves the switch on.
  virtual std::unique_ptr<Collector> makeCollector(std::string_view name,
                                                   const Settings& settings) = 0;
  // Starts what it runs on the event loop, once: called at start and after each reload while
  // any of its switches is on. A source keeps running when its collector is later switched off,
  // so that its counts are right when it comes back.
  virtual void startSource(const Settings&) {}
  // Its GET endpoints, served from start.
  virtual std::vector<JsonRoute> routes() const { return {}; }
  // The sinks it keeps to learn of events other sources publish (the oom subsystem counts the
  // kills of userspace killers); added to the hub at start.
  virtual std::vector<std::shared_ptr<EventSink>> sinks() { return {}; }
};

// The declaration: what --help, the config file and the registry know of a subsystem.
struct SubsystemDescription {
  std::string_view name;
  std::vector<CollectorSwitch> switches;  // in scrape order
  std::vector<OptionSpec> options;        // beyond the switches
  std::function<std::unique_ptr<Subsystem>(const Settings&, const SubsystemContext&)> create;
};

}  // namespace memwatch

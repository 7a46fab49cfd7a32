#pragma once

// memwatchd's option table: its own options, then each subsystem's and the collector switches.

#include "daemon/config/settings.h"

namespace memwatch {

// Built once; in --help order.
const OptionTable& optionTable();

}  // namespace memwatch

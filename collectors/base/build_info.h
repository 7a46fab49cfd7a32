#pragma once

// The version and revision memwatchd was built from.

#include <string_view>

namespace memwatch {

std::string_view buildVersion();
std::string_view buildRevision();
// "memwatchd <version> (revision <revision>)", for --version and the start-up log line.
std::string_view versionText();

}  // namespace memwatch

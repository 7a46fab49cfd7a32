#pragma once

// The systemd unit a cgroup path belongs to.

#include <string>
#include <string_view>

namespace memwatch {

// The systemd unit a cgroup path belongs to: its innermost component that names a unit
// ("/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope" ->
// "app-firefox.scope"), or "" when none does (a container runtime's own paths, "/").
std::string unitFromCgroup(std::string_view cgroupPath);

}  // namespace memwatch

// unitFromCgroup(): the innermost path component ending in .service, .scope, .slice, .socket or
// .mount.
#include "collectors/oom/cgroup_unit.h"

#include <array>

namespace memwatch {

std::string unitFromCgroup(std::string_view cgroupPath) {
  static constexpr std::array<std::string_view, 5> kUnitSuffixes = {".service", ".scope", ".slice",
                                                                    ".socket", ".mount"};
  while (!cgroupPath.empty()) {
    const std::size_t slash = cgroupPath.rfind('/');
    std::string_view component =
        slash == std::string_view::npos ? cgroupPath : cgroupPath.substr(slash + 1);
    for (std::string_view suffix : kUnitSuffixes) {
      if (component.size() > suffix.size() && component.ends_with(suffix)) {
        return std::string(component);
      }
    }
    if (slash == std::string_view::npos) break;
    cgroupPath = cgroupPath.substr(0, slash);
  }
  return "";
}

}  // namespace memwatch

// parsePressureTriggerSpec(): four fields, resource and kind from fixed sets, the stall and window
// in microseconds within the kernel's bounds.
#include "collectors/procfs/pressure_trigger_spec.h"

#include <array>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

constexpr std::array<std::string_view, 3> kResources = {"memory", "cpu", "io"};
constexpr std::array<std::string_view, 2> kKinds = {"some", "full"};

bool isOneOf(std::string_view value, const auto& allowed) {
  for (std::string_view candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

Error invalid(std::string_view text, std::string_view why) {
  return Error{.message = "'" + std::string(text) + "': " + std::string(why)};
}

}  // namespace

std::string PressureTriggerSpec::kernelText() const {
  return kind + " " + std::to_string(stallMicroseconds) + " " + std::to_string(windowMicroseconds);
}

std::string PressureTriggerSpec::text() const { return resource + " " + kernelText(); }

Expected<PressureTriggerSpec> parsePressureTriggerSpec(std::string_view text) {
  const std::vector<std::string_view> fields = splitFields(trimWhitespace(text));
  if (fields.size() != 4) {
    return invalid(text,
                   "expected RESOURCE KIND STALL_US WINDOW_US, e.g. 'memory some 70000 "
                   "1000000'");
  }
  if (!isOneOf(fields[0], kResources)) {
    return invalid(text, "the resource must be memory, cpu or io");
  }
  if (!isOneOf(fields[1], kKinds)) return invalid(text, "the kind must be some or full");
  const std::optional<std::uint64_t> stall = parseUnsigned(fields[2]);
  const std::optional<std::uint64_t> window = parseUnsigned(fields[3]);
  if (!stall || !window) {
    return invalid(text, "the stall and the window are whole numbers of microseconds");
  }
  if (*window < kMinTriggerWindowMicroseconds || *window > kMaxTriggerWindowMicroseconds) {
    return invalid(text,
                   "the window must be from 500000 to 10000000 us (0.5 s to 10 s), as the "
                   "kernel requires");
  }
  if (*stall == 0 || *stall > *window) {
    return invalid(text, "the stall must be from 1 us to the window");
  }
  return PressureTriggerSpec{.resource = std::string(fields[0]),
                             .kind = std::string(fields[1]),
                             .stallMicroseconds = *stall,
                             .windowMicroseconds = *window};
}

}  // namespace memwatch

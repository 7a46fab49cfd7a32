#pragma once

// Parser of the /proc/pressure/* files.

#include <cstdint>
#include <optional>
#include <string_view>

#include "collectors/base/expected.h"

namespace memwatch {

// One line of a /proc/pressure/<resource> file. Averages are ratios: the kernel's percentages
// divided by 100.
struct PsiLine {
  double avg10Ratio = 0;
  double avg60Ratio = 0;
  double avg300Ratio = 0;
  std::uint64_t totalMicroseconds = 0;
};

// Either line may be absent: cpu has no "full" before 5.13, irq has only "full".
struct PsiStats {
  std::optional<PsiLine> some;
  std::optional<PsiLine> full;
};

Expected<PsiStats> parsePressure(std::string_view text);

}  // namespace memwatch

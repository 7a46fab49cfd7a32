#pragma once

// The Prometheus text exposition format, written fast.

#include <string>

#include "collectors/core/metric_family.h"

namespace memwatch {

// Renders families in the Prometheus text format 0.0.4. prometheus-cpp's TextSerializer formats
// every number through an ostream and printf("%.*g"), which is most of a scrape's CPU; this writer
// appends to one buffer and formats with std::to_chars (shortest round-trip form, integers without
// an exponent), so a scrape costs a fraction of node_exporter's.
void appendTextExposition(const Families& families, std::string& out);

// The Content-Type of that format.
inline constexpr const char* kTextExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace memwatch

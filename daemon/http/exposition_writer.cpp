// appendTextExposition(): lines appended to one string, numbers in Go's shortest form but exact
// integers in full, and escaping skipped for text that needs none.
#include "daemon/http/exposition_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "collectors/base/utf8.h"

namespace memwatch {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricType;

// Integers up to 2^53 are exact in a double and are printed without an exponent ("25276510208",
// where node_exporter prints "2.5276510208e+10"): the same value, easier on a human reader.
constexpr double kMaxExactInteger = 9007199254740992.0;

void appendNumber(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[32];
  std::to_chars_result result;
  if (std::trunc(value) == value && std::fabs(value) <= kMaxExactInteger) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
  } else {
    // Go's strconv.FormatFloat(v, 'g', -1, 64), which client_golang uses: the shortest form that
    // reads back exactly, with an exponent only below 1e-4 or from 1e21 on.
    double magnitude = std::fabs(value);
    auto format = magnitude >= 1e-4 && magnitude < 1e21 ? std::chars_format::fixed
                                                        : std::chars_format::scientific;
    result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  }
  out.append(buffer, result.ptr);
}

// HELP text escapes backslash and newline; label values also escape the double quote. Bytes
// that are not well-formed UTF-8 become U+FFFD (see utf8.h).
void appendEscaped(std::string_view text, bool quote, std::string& out) {
  // One pass over the bytes: find_first_of would call memchr on the needle set for every byte,
  // the largest single cost of a scrape.
  const bool needsEscaping = std::any_of(text.begin(), text.end(), [quote](char c) {
    return c == '\\' || c == '\n' || (quote && c == '"') || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!needsEscaping) {
    out += text;  // the common case
    return;
  }
  appendValidUtf8(text, out, [quote](char c, std::string& to) {
    if (c == '\\') {
      to += "\\\\";
    } else if (c == '\n') {
      to += "\\n";
    } else if (quote && c == '"') {
      to += "\\\"";
    } else {
      to += c;
    }
  });
}

// Families are counters, gauges or untyped (see collectors/core/metric_family.h): one line a
// sample.
const char* typeName(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    default:
      return "untyped";
  }
}

void appendSample(const std::string& name, const ClientMetric& metric, double value,
                  std::string& out) {
  out += name;
  if (!metric.label.empty()) {
    out += '{';
    bool first = true;
    for (const ClientMetric::Label& label : metric.label) {
      if (!first) out += ',';
      first = false;
      out += label.name;
      out += "=\"";
      appendEscaped(label.value, true, out);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  appendNumber(value, out);
  out += '\n';
}

}  // namespace

void appendTextExposition(const Families& families, std::string& out) {
  for (const prometheus::MetricFamily& family : families) {
    if (family.metric.empty()) continue;  // a family without samples says nothing
    out += "# HELP ";
    out += family.name;
    out += ' ';
    appendEscaped(family.help, false, out);
    out += "\n# TYPE ";
    out += family.name;
    out += ' ';
    out += typeName(family.type);
    out += '\n';
    for (const ClientMetric& metric : family.metric) {
      appendSample(family.name, metric, sampleValue(family.type, metric), out);
    }
  }
}

}  // namespace memwatch

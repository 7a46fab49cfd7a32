// The kernel text scanners: fields split on blanks, numbers through from_chars, duplicate names
// found by a small open-addressing table, and \x escapes for logging.
#include "collectors/base/text_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>

namespace memwatch {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!isDigit(c)) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string_view> splitOn(std::string_view text, char delimiter) {
  std::vector<std::string_view> items;
  while (!text.empty()) {
    std::size_t end = text.find(delimiter);
    if (end == std::string_view::npos) {
      items.push_back(text);
      break;
    }
    items.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return items;
}

// Calls visit(field) for each field in order.
template <typename Visitor>
void forEachField(std::string_view line, Visitor visit) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isBlank(line[i])) ++i;
    std::size_t start = i;
    while (i < line.size() && !isBlank(line[i])) ++i;
    if (i > start) visit(line.substr(start, i - start));
  }
}

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  forEachField(line, [&](std::string_view field) { fields.push_back(field); });
  return fields;
}

std::size_t splitFieldsInto(std::string_view line, std::span<std::string_view> out) {
  std::size_t count = 0;
  forEachField(line, [&](std::string_view field) {
    if (count < out.size()) out[count] = field;
    ++count;
  });
  return count;
}

std::optional<double> parseDecimalInteger(std::string_view token) {
  std::string_view digits = token;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (!allDigits(digits)) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size()) return std::nullopt;
  return value;
}

std::string_view trimWhitespace(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

std::optional<double> parseFixedPoint(std::string_view token, int decimalExponent) {
  std::size_t dot = token.find('.');
  std::string_view whole = token.substr(0, dot);
  if (!allDigits(whole)) return std::nullopt;
  if (dot != std::string_view::npos && !allDigits(token.substr(dot + 1))) return std::nullopt;
  // Scaling the decimal text, not the double, rounds once: "0.07" at -2 is the double nearest
  // 0.0007, where 0.07 / 100 would print as 0.0007000000000000001.
  char scientific[64];
  auto end = fmt::format_to_n(scientific, sizeof scientific, "{}e{}", token, decimalExponent);
  if (end.size > sizeof scientific) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(scientific, end.out, value, std::chars_format::scientific);
  if (ec != std::errc() || ptr != end.out) return std::nullopt;
  return value;
}

std::optional<std::size_t> lineOfFirstDuplicate(std::span<const NamedLine> names) {
  if (names.size() > kMaxNamesWithoutAllocation) {
    std::vector<NamedLine> sorted(names.begin(), names.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const NamedLine& a, const NamedLine& b) { return a.name < b.name; });
    std::optional<std::size_t> first;
    for (std::size_t i = 1; i < sorted.size(); ++i) {
      if (sorted[i].name == sorted[i - 1].name && (!first || sorted[i].line < *first)) {
        first = sorted[i].line;
      }
    }
    return first;
  }
  // Open addressing, at most half full. Names are visited in file order, so the first name
  // found already present is the earliest repeat.
  constexpr std::size_t kSlots = 2 * kMaxNamesWithoutAllocation;
  std::array<const NamedLine*, kSlots> slots{};
  for (const NamedLine& entry : names) {
    std::size_t slot = std::hash<std::string_view>{}(entry.name) % kSlots;
    while (slots[slot] != nullptr) {
      if (slots[slot]->name == entry.name) return entry.line;
      slot = (slot + 1) % kSlots;
    }
    slots[slot] = &entry;
  }
  return std::nullopt;
}

bool isMetricNameSafe(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    if (!ok) return false;
  }
  return true;
}

Error lineError(std::size_t lineNumber, std::string_view why, std::string_view line) {
  return Error{.message = "line " + std::to_string(lineNumber) + ": " + std::string(why) + ": " +
                          quoteForLog(line)};
}

namespace {

void appendHexEscape(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

std::string quoteForLog(std::string_view text, std::size_t limit) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (isControl(c) || c >= 0x80 || c == '"' || c == '\\') {
      appendHexEscape(c, out);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (text.size() > limit) out += "...";
  return out;
}

std::string escapeControlBytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (isControl(static_cast<unsigned char>(c))) {
      appendHexEscape(static_cast<unsigned char>(c), out);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace memwatch

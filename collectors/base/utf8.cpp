// UTF-8 validation by lead byte and allowed second-byte range, which rejects overlong forms,
// surrogates and code points past U+10FFFF.
#include "collectors/base/utf8.h"

namespace memwatch {
namespace {

bool inRange(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

}  // namespace

std::size_t utf8SequenceLength(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;

  // The allowed range of the second byte depends on the lead byte: it is what excludes
  // overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
  std::size_t length = 0;
  unsigned char secondLow = 0x80;
  unsigned char secondHigh = 0xBF;
  if (inRange(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    secondLow = 0xA0;
  } else if (inRange(lead, 0xE1, 0xEC) || inRange(lead, 0xEE, 0xEF)) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3;
    secondHigh = 0x9F;
  } else if (lead == 0xF0) {
    length = 4;
    secondLow = 0x90;
  } else if (inRange(lead, 0xF1, 0xF3)) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    secondHigh = 0x8F;
  } else {
    return 0;  // 80-C1 and F5-FF never start a sequence
  }
  if (text.size() < length || !inRange(byte(1), secondLow, secondHigh)) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!inRange(byte(i), 0x80, 0xBF)) return 0;
  }
  return length;
}

std::string toValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  appendValidUtf8(text, out, [](char c, std::string& to) { to += c; });
  return out;
}

}  // namespace memwatch

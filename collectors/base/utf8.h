#pragma once

// Well-formed UTF-8 out of arbitrary bytes, for label values and JSON.

#include <cstddef>
#include <string>
#include <string_view>

namespace memwatch {

// U+FFFD, what a byte that is not part of well-formed UTF-8 becomes on output. Label values
// and JSON strings must be valid UTF-8: Prometheus rejects a whole scrape over one bad label
// value, and text from the kernel or the journal (a comm, a SYSLOG_IDENTIFIER) is arbitrary bytes.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Whether every byte is ASCII (below 0x80): the common case, which needs no checking further.
inline bool isAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Length (1-4) of the well-formed UTF-8 sequence that `text` starts with, per Unicode's table of
// well-formed byte sequences; 0 when it starts with none (a stray continuation byte, an overlong
// form, a surrogate, a code point past U+10FFFF, a truncated sequence) or is empty.
std::size_t utf8SequenceLength(std::string_view text);

// Appends `text` to `out` as valid UTF-8: well-formed sequences of non-ASCII characters as they
// are, every other byte of 0x80 or above as U+FFFD, and each ASCII byte through
// `appendAscii(char, std::string&)`, which escapes it as the output format needs.
template <typename AppendAscii>
void appendValidUtf8(std::string_view text, std::string& out, AppendAscii&& appendAscii) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      appendAscii(text[i], out);
      ++i;
      continue;
    }
    const std::size_t length = utf8SequenceLength(text.substr(i));
    if (length == 0) {
      out += kReplacementCharacter;
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
}

// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD. Label values
// are keyed by this form, so that two names that differ only in such bytes count as one series
// instead of printing as two identical ones.
std::string toValidUtf8(std::string_view text);

}  // namespace memwatch

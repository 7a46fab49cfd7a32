#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace memwatch {

// U+FFFD, what a byte that is not part of well-formed UTF-8 becomes on output. Label values
// and JSON strings must be valid UTF-8: Prometheus rejects a whole scrape over one bad label
// value, and text from the kernel or the journal (a comm, a SYSLOG_IDENTIFIER) is arbitrary bytes.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Length (1-4) of the well-formed UTF-8 sequence that `text` starts with, per Unicode's table of
// well-formed byte sequences; 0 when it starts with none (a stray continuation byte, an overlong
// form, a surrogate, a code point past U+10FFFF, a truncated sequence) or is empty.
std::size_t utf8SequenceLength(std::string_view text);

// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD. Label values
// are keyed by this form, so that two names that differ only in such bytes count as one series
// instead of printing as two identical ones.
std::string toValidUtf8(std::string_view text);

}  // namespace memwatch

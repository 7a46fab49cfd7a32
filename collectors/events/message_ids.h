#pragma once

// memwatch's own journal MESSAGE_IDs: `journalctl MESSAGE_ID=<id>` finds its records. The journal
// record sink writes them; the journal reader recognises memwatchd's own records by them, so
// that its reports about a flood never count as flooding.

#include <string_view>

namespace memwatch {

inline constexpr std::string_view kOomKillMessageId = "07cffaa84d8a4edf89399c244493d62e";
inline constexpr std::string_view kFloodStartedMessageId = "c4d2d68063244186b7bbfb7c14a4ea9f";
inline constexpr std::string_view kFloodEndedMessageId = "7fc97e1d0cd24e4c8325c713449f3e91";
inline constexpr std::string_view kPressureTriggerMessageId = "9d617877cd9e4f8b97655933df3ea5d8";

}  // namespace memwatch

#pragma once

// What the journal watchdog keeps of one entry, picked in one pass over its fields.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "collectors/base/utf8.h"
#include "collectors/events/message_ids.h"

namespace memwatch {

// A field value copied out of sd-journal's buffers into storage of its own, at most N bytes:
// longer values are cut at N bytes, back to the start of the UTF-8 sequence that straddles the
// cut, and marked truncated. No allocation: it lives inside JournalEntrySummary, built once per
// entry on the reader's hot path. Only the bytes up to size() are ever written or read.
template <std::size_t N>
class FieldCopy {
 public:
  static constexpr std::size_t kCapacity = N;
  static_assert(N < 65536);

  // Copies at most N bytes, always valid UTF-8: bytes that are not become U+FFFD (so names that
  // differ only in them are one producer, as they would print the same), and a cut never splits
  // a sequence.
  void assign(std::string_view value) {
    // Only the first N bytes can be kept: the rest need no look (a field may be 4 MiB).
    const std::string_view kept = value.substr(0, N);
    if (isAscii(kept)) {  // the common case, and the hot path
      truncated_ = value.size() > N;
      const std::size_t size = truncated_ ? N : value.size();
      value.copy(data_.data(), size);
      size_ = static_cast<std::uint16_t>(size);
      return;
    }
    std::size_t size = 0;
    truncated_ = false;
    for (std::size_t i = 0; i < value.size();) {
      std::size_t length = utf8SequenceLength(value.substr(i));
      std::string_view piece = length == 0 ? kReplacementCharacter : value.substr(i, length);
      if (size + piece.size() > N) {
        truncated_ = true;
        break;
      }
      piece.copy(data_.data() + size, piece.size());
      size += piece.size();
      i += length == 0 ? 1 : length;
    }
    size_ = static_cast<std::uint16_t>(size);
  }
  std::string_view view() const { return {data_.data(), size_}; }
  bool empty() const { return size_ == 0; }
  bool truncated() const { return truncated_; }

 private:
  std::uint16_t size_ = 0;
  bool truncated_ = false;
  std::array<char, N> data_;  // deliberately left uninitialised: only [0, size_) is used
};

// The longest producer (and suppressed unit) name memwatchd keeps: longer names are truncated to
// their first 128 bytes, so names that share those count as one producer. With at most
// --collector.journal.producers tracked, this bounds the memory names take (1000 x 128 bytes),
// whatever the journal holds. Unit names are at most 256 bytes; identifiers and _COMM are
// usually far shorter than either.
inline constexpr std::size_t kMaxProducerBytes = 128;
// A MESSAGE_ID is 128 bits as 32 hex digits; a longer value is nobody's ID.
inline constexpr std::size_t kMessageIdBytes = 32;

// journald's MESSAGE_ID for "Suppressed N messages from UNIT" (SD_MESSAGE_JOURNAL_DROPPED).
inline constexpr std::string_view kJournalDroppedMessageId = "a596d6fe7bfa4994828e72309e95d61e";

// What the journal watchdog needs from one entry, picked in a single pass over its fields
// ("KEY=value", as SD_JOURNAL_FOREACH_DATA hands them out). Everything is copied or parsed as
// the field goes by: sd-journal's data is valid only until the next enumeration step (a field of
// 512 bytes or more is decompressed into a buffer shared by the whole file, which the next such
// field overwrites or reallocates), so no view into it may outlive addJournalField(). Of MESSAGE
// only the length is kept.
struct JournalEntrySummary {
  // The best producer candidate seen so far and its rank: 0 _SYSTEMD_UNIT, 1 _SYSTEMD_USER_UNIT,
  // 2 SYSLOG_IDENTIFIER, 3 _COMM, 4 none. A candidate is copied only when it ranks at least as
  // well as the one held (the last of equal ones wins), so usually once or twice per entry.
  FieldCopy<kMaxProducerBytes> producerName;
  std::uint8_t producerRank = 4;
  std::uint64_t messageBytes = 0;
  std::optional<unsigned> priority;  // 0 (emerg) to 7 (debug)
  FieldCopy<kMessageIdBytes> messageId;
  std::uint64_t pid = 0;  // _PID; 0 without one
  // journald's "Suppressed N messages from UNIT" notice: N_DROPPED, and OBJECT_SYSTEMD_UNIT
  // (rank 0), else OBJECT_SYSTEMD_USER_UNIT (rank 1).
  std::optional<std::uint64_t> droppedEntries;
  FieldCopy<kMaxProducerBytes> objectUnit;
  std::uint8_t objectUnitRank = 2;

  JournalEntrySummary() = default;
  JournalEntrySummary(const JournalEntrySummary&) = delete;
  JournalEntrySummary& operator=(const JournalEntrySummary&) = delete;

  // _SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT, else SYSLOG_IDENTIFIER, else _COMM, else "unknown";
  // at most kMaxProducerBytes.
  std::string_view producer() const;
  bool hasMessageId(std::string_view id) const;
  // journald's suppression notice: the unit whose entries it dropped ("unknown" without one) and
  // how many; nullopt for any other entry.
  std::optional<std::pair<std::string_view, std::uint64_t>> suppressed() const;
  // One of memwatchd's own records: one of memwatch's MESSAGE_IDs (from any memwatchd, this one
  // or an earlier one), or written by the process `ownPid`.
  bool fromMemwatch(std::uint64_t ownPid) const;
};

// Adds one field to the summary; fields it does not need are ignored. Copies what it keeps.
void addJournalField(std::string_view field, JournalEntrySummary& summary);

}  // namespace memwatch

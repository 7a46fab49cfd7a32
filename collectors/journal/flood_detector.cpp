// FloodDetector: one bucket per second in a ring; a flood starts at a threshold and ends after a
// window below half of it.
#include "collectors/journal/flood_detector.h"

#include <algorithm>

namespace memwatch {

void FloodDetector::sum(std::int64_t now, int windowSeconds, std::uint64_t& entries,
                        std::uint64_t& bytes) {
  entries = 0;
  bytes = 0;
  for (const Bucket& bucket : buckets_) {
    if (bucket.second > now - windowSeconds && bucket.second <= now) {
      entries += bucket.entries;
      bytes += bucket.bytes;
    }
  }
}

double FloodDetector::entriesPerSecond(std::int64_t now, int windowSeconds) {
  std::uint64_t entries = 0, bytes = 0;
  sum(now, windowSeconds, entries, bytes);
  return static_cast<double>(entries) / windowSeconds;
}

double FloodDetector::bytesPerSecond(std::int64_t now, int windowSeconds) {
  std::uint64_t entries = 0, bytes = 0;
  sum(now, windowSeconds, entries, bytes);
  return static_cast<double>(bytes) / windowSeconds;
}

FloodDetector::Change FloodDetector::add(std::int64_t now, std::uint64_t bytes, int windowSeconds,
                                         const FloodThresholds& thresholds) {
  now = std::max(now, latest_);
  if (buckets_.empty()) {
    buckets_.resize(static_cast<std::size_t>(std::clamp(windowSeconds, 1, kMaxWindowSeconds)));
  }
  Bucket& bucket = buckets_[static_cast<std::size_t>(now) % buckets_.size()];
  if (bucket.second != now) bucket = Bucket{.second = now};
  ++bucket.entries;
  bucket.bytes += bytes;
  if (now != latest_ || windowEntries_ == 0) {
    latest_ = now;
    sum(now, windowSeconds, windowEntries_, windowBytes_);
  } else {
    ++windowEntries_;
    windowBytes_ += bytes;
  }
  return evaluate(now, windowEntries_, windowBytes_, windowSeconds, thresholds);
}

FloodDetector::Change FloodDetector::tick(std::int64_t now, int windowSeconds,
                                          const FloodThresholds& thresholds) {
  // The clock never goes back: a tick at a time before the newest entry counted evaluates at
  // that entry's time, so the window still holds it.
  now = std::max(now, latest_);
  std::uint64_t entries = 0, bytes = 0;
  sum(now, windowSeconds, entries, bytes);
  return evaluate(now, entries, bytes, windowSeconds, thresholds);
}

FloodDetector::Change FloodDetector::evaluate(std::int64_t now, std::uint64_t entries,
                                              std::uint64_t bytes, int windowSeconds,
                                              const FloodThresholds& thresholds) {
  const double entryRate = static_cast<double>(entries) / windowSeconds;
  const double byteRate = static_cast<double>(bytes) / windowSeconds;
  if (!flooding_) {
    if (entryRate >= thresholds.entriesPerSecond || byteRate >= thresholds.bytesPerSecond) {
      flooding_ = true;
      quietSince_.reset();
      return Change::Started;
    }
    return Change::None;
  }
  const bool quiet =
      entryRate < thresholds.entriesPerSecond / 2 && byteRate < thresholds.bytesPerSecond / 2;
  if (!quiet) {
    quietSince_.reset();
    return Change::None;
  }
  if (!quietSince_) quietSince_ = now;
  if (now - *quietSince_ >= windowSeconds) {
    flooding_ = false;
    quietSince_.reset();
    return Change::Ended;
  }
  return Change::None;
}

}  // namespace memwatch

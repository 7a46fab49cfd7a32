// KmsgFollower: /dev/kmsg read one record per read() until EAGAIN, sequence gaps counted as lost,
// a regular file read line by line instead, and kill times moved to the wall clock.
#include "collectors/oom/kmsg_follower.h"

#include <errno.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "collectors/base/wall_clock.h"
#include "collectors/oom/kmsg_record.h"

namespace memwatch {
namespace {

// /dev/kmsg hands out one record per read() and fails with EINVAL when the buffer is smaller
// than the record; records are at most 8 KiB (PRINTK_MESSAGE_MAX is 2 KiB on 6.x, older kernels
// used 8 KiB for the text alone), so this always fits one.
constexpr std::size_t kRecordBuffer = 16 * 1024;

std::string whyUnreadable(const std::filesystem::path& path, int error) {
  std::string why = "cannot read " + path.string() + ": " + strerror(error);
  if (error == EPERM || error == EACCES) {
    why +=
        " (reading the kernel log needs CAP_SYSLOG while kernel.dmesg_restrict=1; "
        "OOM kills are not reported)";
  }
  return why;
}

}  // namespace

KmsgFollower::KmsgFollower(sd_event* event, std::filesystem::path path,
                           std::shared_ptr<OomStats> stats, EventPublisher& events)
    : path_(std::move(path)), stats_(std::move(stats)), events_(events) {
  struct stat status {};
  if (stat(path_.c_str(), &status) == 0 && S_ISREG(status.st_mode)) {
    readFile();
    return;
  }
  fd_ = open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    stats_->setSourceError(whyUnreadable(path_, error), error == EPERM || error == EACCES);
    return;
  }
  if (!readDevice(false)) return;
  sd_event_source* source = nullptr;
  int r = sd_event_add_io(event, &source, fd_, EPOLLIN, &KmsgFollower::onReadable, this);
  source_.reset(source);
  if (r < 0) {
    std::string why = "cannot watch " + path_.string() + ": " + strerror(-r);
    stats_->setSourceError(why);
  }
}

KmsgFollower::~KmsgFollower() {
  source_.reset();
  if (fd_ >= 0) close(fd_);
}

int KmsgFollower::onReadable(sd_event_source* source, int, uint32_t, void* self) {
  // The fd stays readable (level-triggered EPOLLIN, or EPOLLHUP) after an error or end of file,
  // so a source left on would wake the loop again at once, forever.
  if (!static_cast<KmsgFollower*>(self)->readDevice(true)) {
    sd_event_source_set_enabled(source, SD_EVENT_OFF);
  }
  return 0;
}

bool KmsgFollower::readDevice(bool live) {
  char buffer[kRecordBuffer];
  for (;;) {
    const ssize_t got = read(fd_, buffer, sizeof buffer);
    if (got > 0) {
      handleRecord(std::string_view(buffer, static_cast<std::size_t>(got)), live);
      continue;
    }
    const int error = got < 0 ? errno : 0;
    if (error == EINTR) continue;
    // Records were overwritten before we read them; the next read returns the oldest one left
    // and the gap in sequence numbers says how many went.
    if (error == EPIPE) continue;
    if (error == EAGAIN) return true;
    // /dev/kmsg has no end and fails only for good (EINVAL for a record larger than the buffer
    // fails on that record every time); a FIFO or terminal named by --path.kmsg can end. Either
    // way no new kill will be seen: the OOM collector fails with the reason (its failure log
    // says so at scrapes) until memwatchd restarts, and this says once that following stopped.
    const std::string reason = error == 0 ? "unexpected end of file" : strerror(error);
    stats_->setSourceError(error == 0 ? "cannot read " + path_.string() + ": " + reason
                                      : whyUnreadable(path_, error));
    spdlog::error("stopped following {} ({}): OOM kills are no longer reported", path_.string(),
                  reason);
    return false;
  }
}

void KmsgFollower::readFile() {
  std::ifstream file(path_);
  if (!file) {
    const int error = errno;
    stats_->setSourceError(whyUnreadable(path_, error), error == EPERM || error == EACCES);
    return;
  }
  std::string line;
  while (std::getline(file, line)) {
    // A line that starts with a space continues the record before it (" SUBSYSTEM=...").
    if (!line.empty() && line.front() != ' ') handleRecord(line, false);
  }
}

void KmsgFollower::handleRecord(std::string_view text, bool live) {
  Expected<KmsgRecord> record = parseKmsgRecord(text);
  if (!record) {
    spdlog::debug("{}: skipping a record: {}", path_.string(), record.error().message);
    return;
  }
  const std::uint64_t sequence = record.value().sequence;
  // Only gaps after the first record count: what wrapped before memwatchd started is what
  // memwatch_oom_kills_unattributed_total accounts for.
  if (lastSequence_ && sequence > *lastSequence_ + 1) {
    stats_->countLostRecords(sequence - *lastSequence_ - 1);
  }
  lastSequence_ = sequence;
  std::optional<OomKill> kill = assembler_.add(record.value());
  if (!kill) return;
  kill->wallClockSeconds = wallClockOf(kill->monotonicMicroseconds);
  stats_->record(*kill);
  events_.publish(Event{.what = std::move(*kill), .announce = live});
}

// printk stamps records with the monotonic clock since boot; the wall-clock time is now minus
// how long ago that was.
double KmsgFollower::wallClockOf(std::uint64_t monotonicMicroseconds) const {
  // steady_clock is CLOCK_MONOTONIC on Linux.
  const double ago =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count() -
      static_cast<double>(monotonicMicroseconds) / 1e6;
  return static_cast<double>(wallClockMicroseconds()) / 1e6 - std::max(0.0, ago);
}

}  // namespace memwatch

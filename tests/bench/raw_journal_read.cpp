// Anchor for the journal benchmark: one pass over every entry of a journal directory with
// SD_JOURNAL_FOREACH_DATA and nothing else, the fastest a reader of every field can go.
#include <systemd/sd-journal.h>

#include <cstdio>
#include <cstring>

#include "cpu_time.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s JOURNAL_DIRECTORY\n", argv[0]);
    return 2;
  }
  sd_journal* journal = nullptr;
  if (int r = sd_journal_open_directory(&journal, argv[1], 0); r < 0) {
    std::fprintf(stderr, "cannot open %s: %s\n", argv[1], strerror(-r));
    return 1;
  }
  const double start = processCpuSeconds();
  unsigned long entries = 0, bytes = 0;
  SD_JOURNAL_FOREACH(journal) {
    const void* data = nullptr;
    size_t length = 0;
    SD_JOURNAL_FOREACH_DATA(journal, data, length) bytes += length;
    ++entries;
  }
  const double seconds = processCpuSeconds() - start;
  std::printf("%lu %.6f %lu\n", entries, seconds, bytes);
  sd_journal_close(journal);
  return 0;
}

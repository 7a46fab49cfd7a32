// Anchor for the scrape benchmark: the CPU cost of only reading the six /proc files the four
// scrape-time collectors read, with plain open/read/close and no parsing.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cpu_time.h"

int main(int argc, char** argv) {
  const std::string procfs = argc > 1 ? argv[1] : "/proc";
  const int passes = argc > 2 ? std::atoi(argv[2]) : 20000;
  const char* files[] = {"meminfo",      "vmstat",      "buddyinfo",
                         "pressure/cpu", "pressure/io", "pressure/memory"};
  static char buffer[64 * 1024];
  std::size_t bytes = 0;
  double start = processCpuSeconds();
  for (int pass = 0; pass < passes; ++pass) {
    for (const char* file : files) {
      int fd = open((procfs + "/" + file).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t got;
      while ((got = read(fd, buffer, sizeof buffer)) > 0) bytes += static_cast<std::size_t>(got);
      close(fd);
    }
  }
  double perPass = (processCpuSeconds() - start) / passes;
  std::printf("%.9f %zu\n", perPass, bytes / static_cast<std::size_t>(passes));
  return 0;
}

// Tests of the SIGBUS guard: reading a truncated mapping sees zeros instead of killing the process.
#include "collectors/journal/sigbus_guard.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

namespace memwatch {
namespace {

TEST(SigbusGuard, ReadOfATruncatedMappingSeesZerosInsteadOfKillingTheProcess) {
  installSigbusGuard();
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::string path = ::testing::TempDir() + "/memwatch-sigbus-" + std::to_string(getpid());
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  unlink(path.c_str());
  std::string content(2 * page, 'j');
  ASSERT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  void* mapping = mmap(nullptr, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  const volatile char* bytes = static_cast<const char*>(mapping);
  EXPECT_EQ(bytes[page], 'j');

  ASSERT_EQ(ftruncate(fd, static_cast<off_t>(page)), 0);  // the second page is gone
  const std::uint64_t before = sigbusFaultsAbsorbed();
  EXPECT_EQ(bytes[page + 7], 0);
  EXPECT_EQ(sigbusFaultsAbsorbed(), before + 1);
  EXPECT_EQ(bytes[0], 'j');  // what is still in the file reads as before

  munmap(mapping, 2 * page);
  close(fd);
}

}  // namespace
}  // namespace memwatch

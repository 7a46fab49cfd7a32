// Tests of findJournaldPid() on a fake /proc: the system journal's journald, a namespace's, none.
#include "collectors/journal/journald_process.h"

#include <gtest/gtest.h>

#include "tests/unit/collectors/journal/procfs_tree.h"

namespace memwatch {
namespace {

using JournaldLookup = testing::ProcfsTree;

TEST_F(JournaldLookup, FindsTheJournaldOfTheSystemJournalOrOfANamespace) {
  EXPECT_EQ(findJournaldPid(procfs_, ""), 100);
  EXPECT_EQ(findJournaldPid(procfs_, "apps"), 200);
  EXPECT_EQ(findJournaldPid(procfs_, "other"), 0);
  EXPECT_EQ(findJournaldPid(procfs_ / "missing", ""), 0);
}

}  // namespace
}  // namespace memwatch

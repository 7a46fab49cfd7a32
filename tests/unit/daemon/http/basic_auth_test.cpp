// Tests of BasicAuthVerifier against real bcrypt hashes made here by libxcrypt at cost 4.
#include "daemon/http/basic_auth.h"

#include <crypt.h>
#include <gtest/gtest.h>

#include <memory>

namespace memwatch {
namespace {

std::string bcryptHash(const char* prefix, const std::string& password) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  EXPECT_NE(crypt_gensalt_rn(prefix, 4, nullptr, 0, setting, sizeof setting), nullptr);
  auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(password.c_str(), setting, data.get(), sizeof(crypt_data));
  EXPECT_NE(hash, nullptr);
  return hash;
}

TEST(BasicAuthVerifier, NoUsersLetsEveryoneIn) {
  BasicAuthVerifier verifier({});
  EXPECT_FALSE(verifier.required());
  EXPECT_TRUE(verifier.verify("", ""));
}

TEST(BasicAuthVerifier, RightPasswordInWrongOut) {
  BasicAuthVerifier verifier({{"prometheus", bcryptHash("$2b$", "s3cret")}});
  EXPECT_TRUE(verifier.required());
  EXPECT_TRUE(verifier.verify("prometheus", "s3cret"));
  EXPECT_FALSE(verifier.verify("prometheus", "s3cre"));
  EXPECT_FALSE(verifier.verify("prometheus", "s3cret "));
  EXPECT_FALSE(verifier.verify("prometheus", ""));
  EXPECT_FALSE(verifier.verify("Prometheus", "s3cret"));
}

TEST(BasicAuthVerifier, AcceptsTheHashesOfHtpasswdAndOlderTools) {
  for (const char* prefix : {"$2y$", "$2a$", "$2b$"}) {
    std::string hash = bcryptHash(prefix, "pw");
    ASSERT_EQ(hash.substr(0, 4), prefix);
    BasicAuthVerifier verifier({{"u", hash}});
    EXPECT_TRUE(verifier.verify("u", "pw")) << prefix;
    EXPECT_FALSE(verifier.verify("u", "px")) << prefix;
  }
}

TEST(BasicAuthVerifier, AVerifiedPasswordIsRememberedAndCostsNoFurtherBcrypt) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}, {"b", bcryptHash("$2b$", "pb")}});
  EXPECT_TRUE(verifier.verify("a", "pa"));
  EXPECT_EQ(verifier.bcryptRounds(), 1u);
  EXPECT_EQ(verifier.rememberedPasswords(), 1u);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(verifier.verify("a", "pa"));
  EXPECT_EQ(verifier.bcryptRounds(), 1u);
}

TEST(BasicAuthVerifier, WrongPasswordsAreNeverRememberedAndAlwaysPayBcrypt) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}});
  EXPECT_FALSE(verifier.verify("a", "wrong"));
  EXPECT_FALSE(verifier.verify("a", "wrong"));
  EXPECT_EQ(verifier.bcryptRounds(), 2u);
  EXPECT_EQ(verifier.rememberedPasswords(), 0u);
  // A remembered password does not let a wrong one through.
  EXPECT_TRUE(verifier.verify("a", "pa"));
  EXPECT_FALSE(verifier.verify("a", "wrong"));
  EXPECT_EQ(verifier.bcryptRounds(), 4u);
}

TEST(BasicAuthVerifier, UnknownUsersPayABcryptRoundTooAndAreNeverLetIn) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}});
  // The decoy is a configured hash: even its password does not let an unknown user in.
  EXPECT_FALSE(verifier.verify("nobody", "pa"));
  EXPECT_FALSE(verifier.verify("nobody", "pa"));
  EXPECT_EQ(verifier.bcryptRounds(), 2u);
  EXPECT_EQ(verifier.rememberedPasswords(), 0u);
}

TEST(BasicAuthVerifier, BoundedToOneRememberedPasswordPerUser) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}, {"b", bcryptHash("$2b$", "pb")}});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(verifier.verify("a", "pa"));
    EXPECT_TRUE(verifier.verify("b", "pb"));
    EXPECT_FALSE(verifier.verify("c", "pc"));
  }
  EXPECT_EQ(verifier.rememberedPasswords(), 2u);
}

TEST(BasicAuthVerifier, ANewHashStartsFresh) {
  std::string oldHash = bcryptHash("$2b$", "old");
  BasicAuthVerifier before({{"a", oldHash}});
  EXPECT_TRUE(before.verify("a", "old"));
  // A reload builds a new verifier from the new file: the old password is not remembered there.
  BasicAuthVerifier after({{"a", bcryptHash("$2b$", "new")}});
  EXPECT_FALSE(after.verify("a", "old"));
  EXPECT_TRUE(after.verify("a", "new"));
}

TEST(BasicAuthVerifier, APasswordWithANulIsNotCheckedCutShort) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}});
  EXPECT_FALSE(verifier.verify("a", std::string_view("pa\0xyz", 6)));
  EXPECT_TRUE(verifier.verify("a", "pa"));
  EXPECT_FALSE(verifier.verify("a", std::string_view("pa\0xyz", 6)));
}

TEST(BasicAuthVerifier, RemembersOnlyAVerifiedPasswordAndWithoutABcryptRound) {
  BasicAuthVerifier verifier({{"a", bcryptHash("$2b$", "pa")}});
  EXPECT_FALSE(verifier.remembers("a", "pa"));  // not verified yet
  EXPECT_TRUE(verifier.verify("a", "pa"));
  const std::uint64_t rounds = verifier.bcryptRounds();
  EXPECT_TRUE(verifier.remembers("a", "pa"));
  EXPECT_FALSE(verifier.remembers("a", "wrong"));
  EXPECT_FALSE(verifier.remembers("b", "pa"));
  EXPECT_EQ(verifier.bcryptRounds(), rounds);
}

}  // namespace
}  // namespace memwatch

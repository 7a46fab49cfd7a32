#pragma once

// basic_auth_users: checking a user's password against its bcrypt hash.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace memwatch {

// Verifies Basic credentials against bcrypt hashes ($2a$, $2b$, $2y$) with libcrypt. A bcrypt
// round costs tens of milliseconds by design, so a password once verified is remembered (as a
// salted digest, never in clear) and later scrapes with it cost a digest and a constant-time
// compare. Bounded: one remembered password per configured user. Thread-safe.
class BasicAuthVerifier {
 public:
  explicit BasicAuthVerifier(std::map<std::string, std::string, std::less<>> usersToHashes);

  // No users configured: every request is let in.
  bool required() const { return !users_.empty(); }
  // Made from exactly these users and hashes: a reload that keeps them can keep this verifier.
  bool configuredWith(const std::map<std::string, std::string, std::less<>>& usersToHashes) const {
    return users_ == usersToHashes;
  }
  bool verify(std::string_view user, std::string_view password) const;
  // The cheap half of verify(): true when this password was verified for this user before (a
  // digest and a constant-time compare, no bcrypt). False says nothing: verify() decides.
  bool remembers(std::string_view user, std::string_view password) const;

  // What the cache saves, for tests and the curious: bcrypt rounds run so far, and the passwords
  // remembered (at most one per configured user).
  std::uint64_t bcryptRounds() const;
  std::size_t rememberedPasswords() const;

 private:
  const std::map<std::string, std::string, std::less<>> users_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::string, std::less<>> verified_;  // user -> digest
  mutable std::uint64_t bcryptRounds_ = 0;
};

}  // namespace memwatch

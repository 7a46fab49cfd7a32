// bcrypt through libxcrypt's crypt_rn, a remembered SHA-256 of a per-process salt and the
// password in front of it, and every comparison of secrets in constant time.
#include "daemon/http/basic_auth.h"

#include <crypt.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <array>
#include <cstring>
#include <memory>

namespace memwatch {
namespace {

constexpr std::size_t kSaltBytes = 32;
constexpr std::size_t kDigestBytes = 32;  // SHA-256

// One salt for the process: a remembered digest says nothing about the password to whoever
// reads the daemon's memory, short of a bcrypt-free brute force against this salt -- which is
// why a salt, and why it never leaves the process.
const std::array<unsigned char, kSaltBytes>& processSalt() {
  static const std::array<unsigned char, kSaltBytes> salt = [] {
    std::array<unsigned char, kSaltBytes> random{};
    if (gnutls_rnd(GNUTLS_RND_KEY, random.data(), random.size()) < 0) {
      // Without randomness the digest is still a one-way function of the password; better than
      // refusing every scrape.
      random.fill(0);
    }
    return random;
  }();
  return salt;
}

std::string saltedDigest(std::string_view password) {
  std::string input(processSalt().begin(), processSalt().end());
  input.append(password);
  std::string digest(kDigestBytes, '\0');
  if (gnutls_hash_fast(GNUTLS_DIG_SHA256, input.data(), input.size(), digest.data()) < 0) {
    digest.clear();  // Never equal to a remembered digest: the password takes the bcrypt path.
  }
  gnutls_memset(input.data(), 0, input.size());
  return digest;
}

// Equal contents, in a time that depends on the lengths only.
bool equalInConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

// A bcrypt round is meant to cost tens of milliseconds of CPU; run one at a time, as
// exporter-toolkit does, so that a flood of wrong passwords costs one core, not all of them.
std::mutex& bcryptMutex() {
  static std::mutex mutex;
  return mutex;
}

bool bcryptMatches(const std::string& hash, std::string_view password) {
  // crypt_rn takes a C string: a password with a NUL in it would be checked cut short.
  if (password.find('\0') != std::string_view::npos) return false;
  std::string clear(password);
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on a server thread's stack
  bool match = false;
  {
    std::lock_guard lock(bcryptMutex());
    const char* computed = crypt_rn(clear.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
    match = computed != nullptr && equalInConstantTime(computed, hash);
  }
  gnutls_memset(clear.data(), 0, clear.size());
  gnutls_memset(data.get(), 0, sizeof(crypt_data));
  return match;
}

}  // namespace

BasicAuthVerifier::BasicAuthVerifier(std::map<std::string, std::string, std::less<>> usersToHashes)
    : users_(std::move(usersToHashes)) {}

bool BasicAuthVerifier::verify(std::string_view user, std::string_view password) const {
  if (users_.empty()) return true;
  if (remembers(user, password)) return true;
  auto known = users_.find(user);
  std::string digest = saltedDigest(password);
  // An unknown user pays the same bcrypt round as a known one with a wrong password, against a
  // configured hash (so at a configured cost), so that timing does not tell which users exist.
  const std::string& hash = known != users_.end() ? known->second : users_.begin()->second;
  bool match = bcryptMatches(hash, password);
  {
    std::lock_guard lock(mutex_);
    ++bcryptRounds_;
  }
  if (!match || known == users_.end()) return false;
  // Only a verified password is remembered, one per user: the bound is the users configured.
  if (!digest.empty()) {
    std::lock_guard lock(mutex_);
    verified_.insert_or_assign(known->first, std::move(digest));
  }
  return true;
}

bool BasicAuthVerifier::remembers(std::string_view user, std::string_view password) const {
  {
    std::lock_guard lock(mutex_);
    if (!verified_.contains(user)) return false;
  }
  const std::string digest = saltedDigest(password);
  if (digest.empty()) return false;
  std::lock_guard lock(mutex_);
  auto remembered = verified_.find(user);
  return remembered != verified_.end() && equalInConstantTime(remembered->second, digest);
}

std::uint64_t BasicAuthVerifier::bcryptRounds() const {
  std::lock_guard lock(mutex_);
  return bcryptRounds_;
}

std::size_t BasicAuthVerifier::rememberedPasswords() const {
  std::lock_guard lock(mutex_);
  return verified_.size();
}

}  // namespace memwatch

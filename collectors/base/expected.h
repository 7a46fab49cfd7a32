#pragma once

// A value or the Error that says why there is none: how parsers and collectors report failure.

#include <string>
#include <utility>
#include <variant>

namespace memwatch {

// Why something could not be produced. `noData` marks a missing kernel feature (no PSI, PSI
// disabled): reported like node_exporter's ErrNoData, logged once, never as a fault. `lasting`
// marks a fault that stays until the operator acts (a missing privilege): logged once as an
// error, without the reminders a passing fault gets.
struct Error {
  std::string message;
  int errnum = 0;
  bool noData = false;
  bool lasting = false;
};

// C++20 has no std::expected; parsers and collectors return this so that no exception can escape
// a scrape running on an HTTP worker thread.
template <typename T>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace memwatch

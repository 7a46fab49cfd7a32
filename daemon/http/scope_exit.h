#pragma once

// Runs a function when the scope ends, whether by return or by exception: the HTTP server's
// bookkeeping (an in-flight slot, a suspended connection) must be undone whatever the reply's
// building did, or a slot leaks for good and a suspended connection keeps MHD from stopping.

#include <utility>

namespace memwatch {

template <typename Function>
class ScopeExit {
 public:
  explicit ScopeExit(Function function) : function_(std::move(function)) {}
  ~ScopeExit() {
    if (armed_) function_();
  }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;

  // The work was handed on to someone who will do it.
  void dismiss() { armed_ = false; }

 private:
  Function function_;
  bool armed_ = true;
};

}  // namespace memwatch

#include "collectors/bounded_label_counter.h"

namespace memwatch {

void BoundedLabelCounter::add(std::string_view label, std::uint64_t count) {
  auto found = values_.find(label);
  if (found == values_.end()) {
    // "other" takes no slot of its own: maxLabels named values plus "other" is the bound.
    const std::size_t named = values_.size() - values_.count(kOther);
    found = values_.emplace(named < maxLabels_ ? std::string(label) : kOther, 0).first;
  }
  found->second += count;
}

}  // namespace memwatch

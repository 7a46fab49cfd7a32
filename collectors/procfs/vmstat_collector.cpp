// VmstatCollector: the field regex compiled once, and its decision per field cached by name and
// position between scrapes.
#include "collectors/procfs/vmstat_collector.h"

#include "collectors/core/family_catalog.h"
#include "collectors/procfs/vmstat_parser.h"

namespace memwatch {

Expected<VmstatFieldFilter> compileVmstatFieldFilter(std::string expression) {
  try {
    std::regex regex(expression, std::regex::ECMAScript | std::regex::optimize);
    return VmstatFieldFilter{.expression = std::move(expression), .regex = std::move(regex)};
  } catch (const std::regex_error& e) {
    return Error{.message = std::string("invalid regular expression: ") + e.what()};
  }
}

VmstatCollector::VmstatCollector(std::filesystem::path procfs, std::regex fieldFilter)
    : file_(std::move(procfs) / "vmstat"),
      fieldFilter_(std::move(fieldFilter)),
      family_(kNodeVmstatField) {}

std::vector<bool> VmstatCollector::selection(const std::vector<VmstatField>& fields) {
  std::lock_guard lock(cacheMutex_);
  cachedNames_.resize(fields.size());
  cachedDecisions_.resize(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (cachedNames_[i] == fields[i].name) continue;
    cachedNames_[i] = fields[i].name;
    cachedDecisions_[i] = std::regex_search(cachedNames_[i], fieldFilter_);
  }
  return cachedDecisions_;
}

Expected<Families> VmstatCollector::collect() {
  Expected<std::string> text = file_.read();
  if (!text) return text.error();
  Expected<std::vector<VmstatField>> fields = parseVmstat(text.value());
  if (!fields) return Error{.message = file_.path().string() + ": " + fields.error().message};

  std::vector<bool> selected = selection(fields.value());
  Families families;
  for (std::size_t i = 0; i < fields.value().size(); ++i) {
    if (!selected[i]) continue;
    auto family = family_.make(fields.value()[i].name);
    addSample(family, fields.value()[i].value);
    families.push_back(std::move(family));
  }
  return families;
}

}  // namespace memwatch

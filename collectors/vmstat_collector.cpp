#include "collectors/vmstat_collector.h"

#include "collectors/vmstat_parser.h"
#include "collectors/whole_file.h"

namespace memwatch {

VmstatCollector::VmstatCollector(std::filesystem::path procfs, std::regex fieldFilter)
    : path_(std::move(procfs) / "vmstat"), fieldFilter_(std::move(fieldFilter)) {}

bool VmstatCollector::selected(const std::string& field) {
  std::lock_guard lock(cacheMutex_);
  if (auto it = decisions_.find(field); it != decisions_.end()) return it->second;
  bool match = std::regex_search(field, fieldFilter_);
  if (decisions_.size() < kMaxCachedDecisions) decisions_.emplace(field, match);
  return match;
}

Expected<Families> VmstatCollector::collect() {
  Expected<std::string> text = readWholeFile(path_);
  if (!text) return text.error();
  Expected<std::vector<VmstatField>> fields = parseVmstat(text.value());
  if (!fields) return Error{.message = path_.string() + ": " + fields.error().message};

  Families families;
  for (const VmstatField& field : fields.value()) {
    if (!selected(field.name)) continue;
    auto family = makeFamily("node_vmstat_" + field.name,
                             "/proc/vmstat information field " + field.name + ".",
                             prometheus::MetricType::Untyped);
    addSample(family, field.value);
    families.push_back(std::move(family));
  }
  return families;
}

}  // namespace memwatch

// MeminfoCollector::collect(): one node_memory_* gauge family per parsed /proc/meminfo field.
#include "collectors/procfs/meminfo_collector.h"

#include "collectors/core/family_catalog.h"
#include "collectors/procfs/meminfo_parser.h"

namespace memwatch {

MeminfoCollector::MeminfoCollector(std::filesystem::path procfs)
    : file_(std::move(procfs) / "meminfo"), family_(kNodeMemoryField) {}

Expected<Families> MeminfoCollector::collect() {
  Expected<std::string> text = file_.read();
  if (!text) return text.error();
  Expected<std::vector<MeminfoField>> fields = parseMeminfo(text.value());
  if (!fields) return Error{.message = file_.path().string() + ": " + fields.error().message};

  Families families;
  families.reserve(fields.value().size());
  for (const MeminfoField& field : fields.value()) {
    auto family = family_.make(field.name);
    addSample(family, field.value);
    families.push_back(std::move(family));
  }
  return families;
}

}  // namespace memwatch

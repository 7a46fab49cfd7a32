// Tests of the exposition writer: HELP, TYPE and labelled samples, escaping, valid UTF-8 labels,
// Go-style numbers with integers in full, and empty families skipped.
#include "daemon/http/exposition_writer.h"

#include <gtest/gtest.h>

#include <limits>

namespace memwatch {
namespace {

std::string render(const Families& families) {
  std::string out;
  appendTextExposition(families, out);
  return out;
}

std::string renderGauge(double value) {
  Families families;
  families.push_back(makeFamily("g", "h", prometheus::MetricType::Gauge));
  addSample(families.back(), value);
  std::string out = render(families);
  return out.substr(out.rfind("g ") + 2, out.size() - out.rfind("g ") - 3);
}

TEST(ExpositionWriter, WritesHelpTypeAndLabelledSamples) {
  Families families;
  families.push_back(makeFamily("node_buddyinfo_blocks", "Count of free blocks according to size.",
                                prometheus::MetricType::Gauge));
  addSample(families.back(), 3, {{"node", "0"}, {"size", "1"}, {"zone", "DMA"}});
  families.push_back(makeFamily("x_total", "A counter.", prometheus::MetricType::Counter));
  addSample(families.back(), 1.5);
  families.push_back(makeFamily("node_vmstat_pgfault", "u", prometheus::MetricType::Untyped));
  addSample(families.back(), 7);
  EXPECT_EQ(render(families),
            "# HELP node_buddyinfo_blocks Count of free blocks according to size.\n"
            "# TYPE node_buddyinfo_blocks gauge\n"
            "node_buddyinfo_blocks{node=\"0\",size=\"1\",zone=\"DMA\"} 3\n"
            "# HELP x_total A counter.\n"
            "# TYPE x_total counter\n"
            "x_total 1.5\n"
            "# HELP node_vmstat_pgfault u\n"
            "# TYPE node_vmstat_pgfault untyped\n"
            "node_vmstat_pgfault 7\n");
}

TEST(ExpositionWriter, EscapesHelpAndLabelValues) {
  Families families;
  families.push_back(makeFamily("e", "back\\slash\nnew \"quote\"", prometheus::MetricType::Gauge));
  addSample(families.back(), 1, {{"unit", "a\"b\\c\nd"}});
  EXPECT_EQ(render(families),
            "# HELP e back\\\\slash\\nnew \"quote\"\n"
            "# TYPE e gauge\n"
            "e{unit=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(ExpositionWriter, LabelValuesAreAlwaysValidUtf8) {
  // A journal producer or an OOM victim's unit is arbitrary bytes; Prometheus drops the whole
  // scrape over one label value that is not UTF-8.
  Families families;
  families.push_back(makeFamily("e", "h", prometheus::MetricType::Gauge));
  addSample(families.back(), 1, {{"producer", "caf\xc3\xa9"}});
  addSample(families.back(), 2, {{"producer", "bad\xff\xc3(\xed\xa0\x80"}});
  EXPECT_EQ(render(families),
            "# HELP e h\n"
            "# TYPE e gauge\n"
            "e{producer=\"caf\xc3\xa9\"} 1\n"
            "e{producer=\"bad\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"} 2\n");
}

TEST(ExpositionWriter, FormatsNumbersLikeGoButIntegersInFull) {
  EXPECT_EQ(renderGauge(0), "0");
  EXPECT_EQ(renderGauge(-4194304), "-4194304");
  EXPECT_EQ(renderGauge(25276510208.0), "25276510208");
  EXPECT_EQ(renderGauge(0.0001), "0.0001");
  EXPECT_EQ(renderGauge(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(renderGauge(1.2937999811105203e-06), "1.2937999811105203e-06");
  EXPECT_EQ(renderGauge(18446744073709551615.0), "18446744073709551616");
  EXPECT_EQ(renderGauge(1.8889465931478581e22), "1.888946593147858e+22");
  EXPECT_EQ(renderGauge(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(renderGauge(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(renderGauge(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(ExpositionWriter, SkipsFamiliesWithoutSamples) {
  Families families;
  families.push_back(makeFamily("empty", "h", prometheus::MetricType::Gauge));
  EXPECT_EQ(render(families), "");
}

}  // namespace
}  // namespace memwatch

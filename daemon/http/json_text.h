#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace memwatch {

// Appends one JSON object to a string, member by member; closes it when destroyed. Strings are
// escaped for JSON: text from the kernel or the journal may hold quotes, backslashes, control
// characters (\u00XX) and bytes that are not UTF-8 (U+FFFD), so the output is always valid JSON.
class JsonObject {
 public:
  explicit JsonObject(std::string& out);
  ~JsonObject();
  JsonObject(const JsonObject&) = delete;
  JsonObject& operator=(const JsonObject&) = delete;

  void string(std::string_view key, std::string_view value);
  void number(std::string_view key, std::int64_t value);
  void number(std::string_view key, std::uint64_t value);
  void number(std::string_view key, int value) { number(key, static_cast<std::int64_t>(value)); }
  void number(std::string_view key, std::uint32_t value) {
    number(key, static_cast<std::uint64_t>(value));
  }
  void number(std::string_view key, double value);
  void boolean(std::string_view key, bool value);
  void null(std::string_view key);

 private:
  void key(std::string_view name);
  std::string& out_;
  bool first_ = true;
};

void appendJsonString(std::string_view text, std::string& out);

}  // namespace memwatch

#include "daemon/http/json_text.h"

#include <fmt/format.h>

#include <cmath>

#include "collectors/base/utf8.h"

namespace memwatch {

void appendJsonString(std::string_view text, std::string& out) {
  out += '"';
  // Non-ASCII text passes as UTF-8 (U+FFFD for bytes that are not), so the output is valid JSON
  // whatever the input was.
  appendValidUtf8(text, out, [](char c, std::string& to) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      to += '\\';
      to += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      to += fmt::format("\\u{:04x}", byte);
    } else {
      to += c;
    }
  });
  out += '"';
}

JsonObject::JsonObject(std::string& out) : out_(out) { out_ += '{'; }

JsonObject::~JsonObject() { out_ += '}'; }

void JsonObject::key(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  appendJsonString(name, out_);
  out_ += ':';
}

void JsonObject::string(std::string_view name, std::string_view value) {
  key(name);
  appendJsonString(value, out_);
}

void JsonObject::number(std::string_view name, std::int64_t value) {
  key(name);
  out_ += std::to_string(value);
}

void JsonObject::number(std::string_view name, std::uint64_t value) {
  key(name);
  out_ += std::to_string(value);
}

void JsonObject::number(std::string_view name, double value) {
  key(name);
  // JSON has no NaN or infinity; rates are finite, but a null beats invalid output.
  out_ += std::isfinite(value) ? fmt::format("{}", value) : "null";
}

void JsonObject::boolean(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
}

void JsonObject::null(std::string_view name) {
  key(name);
  out_ += "null";
}

}  // namespace memwatch

// A small, fast JSON text writer for copydesk's own output (events, reports). It escapes
// strings but does not validate UTF-8: callers pass text that is already valid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk {

// Writes into a caller-owned string; commas and colons are placed automatically.
// Not thread-safe. Misuse (a value where a key is due) is a programming error, checked in
// debug builds only.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void StartObject();
  void EndObject();
  void StartArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  void Double(double value);  // shortest round-trip form; non-finite values are written as null
  void Bool(bool value);
  void Null();

  // Key and value together; the *IfSet forms skip empty strings and zero numbers.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void MemberIfSet(std::string_view key, std::string_view value) {
    if (!value.empty()) Member(key, value);
  }

 private:
  void BeforeValue();

  std::string& out_;
  // One entry per open container: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

// Appends `value` as a quoted, escaped JSON string.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace copydesk

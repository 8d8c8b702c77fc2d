// Helpers for the wire tests: decode one record with a fresh Decoder and keep the outcome.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "copydesk/wire/decoder.h"
#include "copydesk/wire/raw_item.h"

namespace copydesk::wire {

struct Decoded {
  std::optional<Rejection> rejection;
  RawItem item;

  bool ok() const { return !rejection.has_value(); }
  std::string reason() const {
    return rejection ? std::string(RejectReasonCode(rejection->reason)) : "ok";
  }
  std::string detail() const { return rejection ? rejection->detail : ""; }
};

inline Decoded DecodeWith(std::string_view bytes, const DecodeLimits& limits) {
  Decoder decoder(limits);
  Decoded out;
  out.rejection = decoder.Decode(bytes, out.item);
  return out;
}

inline Decoded Decode(std::string_view bytes) {
  return DecodeWith(bytes, DecodeLimits{});
}

// Every RawItem field as one string, to compare items in a single assertion.
inline std::string Describe(const RawItem& item) {
  std::string out;
  auto add = [&](std::string_view name, std::string_view value) {
    out.append(name).append("=").append(value).append("\n");
  };
  add("shape", ShapeName(item.shape));
  add("format", ContentFormatName(item.body_format));
  add("sender_id", item.sender_id);
  add("url", item.url);
  add("uri", item.uri);
  add("headline", item.headline);
  add("body", item.body);
  add("published", item.published);
  add("first_created", item.first_created);
  add("source", item.source);
  add("author", item.author);
  add("language", item.language);
  add("version", item.version);
  add("copyright_holder", item.copyright_holder);
  add("copyright_notice", item.copyright_notice);
  add("located", item.located);
  add("slugline", item.slugline);
  add("pubstatus", item.pubstatus);
  add("urgency", std::to_string(item.urgency));
  return out;
}

// The whole outcome as one string: the rejection, or every field of the item.
inline std::string Describe(const Decoded& decoded) {
  if (decoded.rejection) return "rejected " + decoded.reason() + ": " + decoded.detail();
  return Describe(decoded.item);
}

}  // namespace copydesk::wire

#include "copydesk/core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace copydesk {
namespace {

TEST(Status, DefaultIsOk) {
  const Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_TRUE(status.message().empty());
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(Status, FactoriesCarryCodeAndMessage) {
  const std::vector<std::pair<Status, StatusCode>> cases{
      {Status::InvalidArgument("bad flag"), StatusCode::kInvalidArgument},
      {Status::NotFound("bad flag"), StatusCode::kNotFound},
      {Status::IoError("bad flag"), StatusCode::kIoError},
      {Status::Corruption("bad flag"), StatusCode::kCorruption},
      {Status::Internal("bad flag"), StatusCode::kInternal},
  };
  for (const auto& [status, code] : cases) {
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.code(), code);
    EXPECT_EQ(status.message(), "bad flag");
  }
}

TEST(Result, HoldsValue) {
  Result<std::string> result(std::string("headline"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.status().ok());
  EXPECT_EQ(result.value(), "headline");
  EXPECT_EQ(*result, "headline");
  EXPECT_EQ(result->size(), 8u);
}

TEST(Result, HoldsStatus) {
  Result<int> result(Status::NotFound("no such feed"));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(result.status().message(), "no such feed");
}

TEST(Result, ValueCanBeModifiedAndMovedOut) {
  Result<std::unique_ptr<int>> result(std::make_unique<int>(7));
  ASSERT_TRUE(result.ok());
  **result = 8;
  std::unique_ptr<int> owned = std::move(result).value();
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 8);
}

TEST(Result, BoolValueIsNotConfusedWithStatus) {
  Result<bool> no(false);
  ASSERT_TRUE(no.ok());
  EXPECT_FALSE(*no);
  Result<bool> error(Status::IoError("read failed"));
  EXPECT_FALSE(error.ok());
}

}  // namespace
}  // namespace copydesk

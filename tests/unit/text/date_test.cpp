#include "copydesk/text/date.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace copydesk::text {
namespace {

// 2026-04-14T09:12:00Z, computed once: 20557 days after the epoch plus 9 h 12 min.
constexpr UnixMillis kApril14 = (20557LL * 86400 + 9 * 3600 + 12 * 60) * 1000;
constexpr UnixMillis kHour = 3600 * 1000;

std::optional<UnixMillis> Parse(const char* text) {
  return ParseDateTime(text);
}

// Parses and formats back, for readable comparisons.
std::string Utc(const char* text) {
  const auto millis = ParseDateTime(text);
  return millis ? FormatRfc3339Utc(*millis) : std::string("(rejected)");
}

TEST(ParseDateTime, KnownInstant) {
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("2026-04-14T09:12:00Z"), kApril14);
  EXPECT_EQ(Parse("2000-03-01T00:00:00Z"), 951868800000LL);
}

// ---- RFC 3339 / ISO 8601 ---------------------------------------------------------------

TEST(ParseDateTime, Rfc3339Offsets) {
  EXPECT_EQ(Parse("2026-04-14T11:12:00+02:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T11:12:00+0200"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T11:12:00+02"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T04:12:00-05:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T14:42:00+05:30"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T09:12:00+00:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T09:12:00-00:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T09:12:00z"), kApril14);
}

TEST(ParseDateTime, OffsetCrossesMidnight) {
  EXPECT_EQ(Utc("2026-01-01T01:00:00+02:00"), "2025-12-31T23:00:00Z");
  EXPECT_EQ(Utc("2025-12-31T22:00:00-05:00"), "2026-01-01T03:00:00Z");
}

TEST(ParseDateTime, Fractions) {
  EXPECT_EQ(Parse("2026-04-14T09:12:00.5Z"), kApril14 + 500);
  EXPECT_EQ(Parse("2026-04-14T09:12:00.123456Z"), kApril14 + 123);
  EXPECT_EQ(Parse("2026-04-14T09:12:00.123Z"), kApril14 + 123);
  EXPECT_EQ(Parse("2026-04-14T09:12:00.05Z"), kApril14 + 50);
  EXPECT_EQ(Parse("2026-04-14T09:12:00.999999999999Z"), kApril14 + 999);
  EXPECT_EQ(Parse("2026-04-14T09:12:00,25Z"), kApril14 + 250);
  EXPECT_EQ(Parse("2026-04-14T11:12:00.5+02:00"), kApril14 + 500);
}

TEST(ParseDateTime, SpaceSeparatorAndLowercaseT) {
  EXPECT_EQ(Parse("2026-04-14 09:12:00Z"), kApril14);
  EXPECT_EQ(Parse("2026-04-14 09:12:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14t09:12:00Z"), kApril14);
}

TEST(ParseDateTime, NoZoneMeansUtc) {
  EXPECT_EQ(Parse("2026-04-14T09:12:00"), kApril14);
  EXPECT_EQ(Parse("2026-04-14T09:12"), kApril14);
}

TEST(ParseDateTime, BareDateIsMidnightUtc) {
  EXPECT_EQ(Parse("2026-04-14"), kApril14 - (9 * 3600 + 12 * 60) * 1000);
  EXPECT_EQ(Utc("2026-04-14"), "2026-04-14T00:00:00Z");
}

TEST(ParseDateTime, SurroundingWhitespaceIsIgnored) {
  EXPECT_EQ(Parse("  2026-04-14T09:12:00Z\n"), kApril14);
}

TEST(ParseDateTime, LeapSecondIsTheLastSecondOfItsMinute) {
  EXPECT_EQ(Utc("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59Z");
}

// ---- RFC 2822 ----------------------------------------------------------------------------

TEST(ParseDateTime, Rfc2822WithAndWithoutWeekday) {
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00 GMT"), kApril14);
  EXPECT_EQ(Parse("14 Apr 2026 09:12:00 GMT"), kApril14);
  EXPECT_EQ(Parse("Tuesday, 14 April 2026 09:12:00 GMT"), kApril14);
}

TEST(ParseDateTime, Rfc2822Zones) {
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00 +0000"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00 UT"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00 UTC"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 04:12:00 -0500"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 04:12:00 EST"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 05:12:00 EDT"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 02:12:00 PDT"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 11:12:00 +0200"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00 gmt"), kApril14);
}

TEST(ParseDateTime, Rfc2822WithoutSecondsOrZone) {
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12 GMT"), kApril14);
  EXPECT_EQ(Parse("Tue, 14 Apr 2026 09:12:00"), kApril14);
}

TEST(ParseDateTime, Rfc2822SingleDigitDayAndCaseInsensitiveMonth) {
  EXPECT_EQ(Utc("Wed, 1 JAN 2025 00:00:00 GMT"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(Utc("1 dec 2025 12:00:00 +0000"), "2025-12-01T12:00:00Z");
}

TEST(ParseDateTime, Rfc2822TwoDigitYear) {
  EXPECT_EQ(Parse("Tue, 14 Apr 26 09:12:00 GMT"), kApril14);
  EXPECT_EQ(Utc("Thu, 01 Jan 70 00:00:00 GMT"), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Utc("Fri, 31 Dec 99 23:59:59 GMT"), "1999-12-31T23:59:59Z");
  EXPECT_EQ(Utc("Sat, 01 Jan 00 00:00:00 GMT"), "2000-01-01T00:00:00Z");
  EXPECT_EQ(Utc("Wed, 01 Jan 49 00:00:00 GMT"), "2049-01-01T00:00:00Z");
}

// ---- invalid dates -----------------------------------------------------------------------

TEST(ParseDateTime, RejectsImpossibleDates) {
  for (const char* text :
       {"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31",
        "2026-04-00", "2026-04-14T24:00:00Z", "2026-04-14T09:60:00Z", "2026-04-14T09:12:61Z",
        "0000-01-01", "Tue, 32 Apr 2026 09:12:00 GMT", "Tue, 30 Feb 2026 09:12:00 GMT",
        "2026-04-14T09:12:00+24:00"}) {
    EXPECT_EQ(Parse(text), std::nullopt) << text;
  }
}

TEST(ParseDateTime, February29OnlyInLeapYears) {
  EXPECT_EQ(Utc("2024-02-29T12:00:00Z"), "2024-02-29T12:00:00Z");
  EXPECT_EQ(Utc("2000-02-29"), "2000-02-29T00:00:00Z");  // divisible by 400
  EXPECT_EQ(Parse("2023-02-29T12:00:00Z"), std::nullopt);
  EXPECT_EQ(Parse("1900-02-29"), std::nullopt);  // divisible by 100, not by 400
  EXPECT_EQ(Parse("2100-02-29"), std::nullopt);
  EXPECT_EQ(Utc("Thu, 29 Feb 2024 10:00:00 GMT"), "2024-02-29T10:00:00Z");
  EXPECT_EQ(Parse("Wed, 29 Feb 2023 10:00:00 GMT"), std::nullopt);
}

TEST(ParseDateTime, RejectsGarbage) {
  for (const char* text :
       {"", "   ", "yesterday", "not a date at all", "2026/04/14 09:12:00", "14.04.2026 09:12",
        "2026-04-14T09:12:00Zjunk", "2026-04-14T09:12:00 PST8PDT", "2026-04-14T09:12:00+2",
        "2026-04-14T9:12:00Z", "2026-04-14T09:12:00.Z", "Tue, 14 Foo 2026 09:12:00 GMT",
        "Tue, 14 Apr 2026 09:12:00 XYZ", "Tue, 14 Apr 2026",
        "2026-04-14T09:12:00Z 2026-04-14T09:12:00Z"}) {
    EXPECT_EQ(Parse(text), std::nullopt) << "'" << text << "'";
  }
}

// ---- FormatRfc3339Utc --------------------------------------------------------------------

TEST(FormatRfc3339Utc, Epoch) {
  EXPECT_EQ(FormatRfc3339Utc(0), "1970-01-01T00:00:00Z");
}

TEST(FormatRfc3339Utc, MillisecondsOnlyWhenNotZero) {
  EXPECT_EQ(FormatRfc3339Utc(kApril14), "2026-04-14T09:12:00Z");
  EXPECT_EQ(FormatRfc3339Utc(kApril14 + 5), "2026-04-14T09:12:00.005Z");
  EXPECT_EQ(FormatRfc3339Utc(kApril14 + 500), "2026-04-14T09:12:00.500Z");
  EXPECT_EQ(FormatRfc3339Utc(1), "1970-01-01T00:00:00.001Z");
}

TEST(FormatRfc3339Utc, NegativeTimes) {
  EXPECT_EQ(FormatRfc3339Utc(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339Utc(-1000), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339Utc(-86400000LL), "1969-12-31T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(-kHour - 500), "1969-12-31T22:59:59.500Z");
}

TEST(FormatRfc3339Utc, RoundTripsThroughParse) {
  for (const char* text :
       {"1970-01-01T00:00:00Z", "1969-07-20T20:17:40Z", "2000-02-29T23:59:59.999Z",
        "2026-04-14T09:12:00.123Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z"}) {
    const auto millis = ParseDateTime(text);
    ASSERT_TRUE(millis.has_value()) << text;
    EXPECT_EQ(FormatRfc3339Utc(*millis), text);
  }
}

TEST(FormatRfc3339Utc, PreEpochFraction) {
  EXPECT_EQ(Parse("1969-12-31T23:59:59.5Z"), -500);
}

}  // namespace
}  // namespace copydesk::text

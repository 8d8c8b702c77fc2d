// Boilerplate patterns: the shipped file compiles, junk paragraphs match, story ones do not.
#include "copydesk/text/boilerplate.h"

#include <gtest/gtest.h>

namespace copydesk::text {
namespace {

TEST(Boilerplate, ShippedFileLoads) {
  auto patterns =
      BoilerplatePatterns::FromFile(COPYDESK_SOURCE_DIR "/config/reference/boilerplate.yaml");
  ASSERT_TRUE(patterns.ok()) << patterns.status().message();
  EXPECT_GT((*patterns)->size(), 40u);
  EXPECT_EQ((*patterns)->size(), BoilerplatePatterns::BuiltIn()->size());
}

TEST(Boilerplate, JunkParagraphsMatch) {
  BoilerplateMatcher matcher(BoilerplatePatterns::BuiltIn());
  for (const char* junk :
       {"Image not found or type unknown", "Read more", "Read more: Why the Fed held rates",
        "cf/ber/sp", "RR/FG", "ABC // JMR", "Lusa/Fim",
        "© 2026 Thames Gazette. All rights reserved.",
        "The post Bank of Canada holds key rate appeared first on Maple Ledger.",
        "Lire aussi : La SNCF", "Auf Facebook teilen", "اقرأ أيضا: شيء", "Share", "Advertisement",
        "https://www.radiohc.cu/index.php/fr/x", "LEIA MAIS", "Tous droits réservés."}) {
    EXPECT_TRUE(matcher.IsBoilerplate(junk)) << junk;
  }
}

TEST(Boilerplate, StoryParagraphsDoNotMatch) {
  BoilerplateMatcher matcher(BoilerplatePatterns::BuiltIn());
  for (const char* story :
       {"This is a real sentence of the story about reading more books.",
        "The president said he would read more.", "Share prices fell 3% on Thursday.",
        "Advertisement revenue rose at the broadcaster, its chief executive said."}) {
    EXPECT_FALSE(matcher.IsBoilerplate(story)) << story;
  }
  // Long paragraphs are never tested, whatever they contain.
  EXPECT_FALSE(matcher.IsBoilerplate(std::string(400, 'x') + " read more"));
}

TEST(Boilerplate, TaggedPatternsApplyOnlyWhereNamed) {
  auto patterns = BoilerplatePatterns::Compile(
      {"read more", "our standards: the thomson reuters trust principles\\.?", "enditem"},
      {0, 1, 2}, "test");
  ASSERT_TRUE(patterns.ok()) << patterns.status().message();
  BoilerplateMatcher matcher(*patterns);
  const char* reuters = "Our Standards: The Thomson Reuters Trust Principles.";
  EXPECT_TRUE(matcher.IsBoilerplate(reuters, 1));
  EXPECT_FALSE(matcher.IsBoilerplate(reuters, 2));
  EXPECT_FALSE(matcher.IsBoilerplate(reuters));
  EXPECT_TRUE(matcher.IsBoilerplate("Enditem", 2));
  EXPECT_FALSE(matcher.IsBoilerplate("Enditem", 1));
  for (uint32_t tag : {0u, 1u, 2u}) EXPECT_TRUE(matcher.IsBoilerplate("Read more", tag));
}

TEST(Boilerplate, BadPatternNamesItself) {
  auto patterns =
      BoilerplatePatterns::FromYaml("paragraphs:\n  en:\n    - '(unclosed'\n", "test.yaml");
  ASSERT_FALSE(patterns.ok());
  EXPECT_NE(patterns.status().message().find("test.yaml: pattern '(unclosed'"), std::string::npos)
      << patterns.status().message();
}

TEST(Boilerplate, MissingGroupsIsAnError) {
  EXPECT_FALSE(BoilerplatePatterns::FromYaml("other: 1\n", "x.yaml").ok());
  EXPECT_FALSE(BoilerplatePatterns::FromYaml(": : :\n  - [", "x.yaml").ok());
}

}  // namespace
}  // namespace copydesk::text

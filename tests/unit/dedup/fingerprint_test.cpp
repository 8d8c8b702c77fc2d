#include "copydesk/dedup/fingerprint.h"

#include <string>
#include <vector>

#include "../common/test_support.h"

namespace copydesk::dedup {
namespace {

const std::vector<std::string> kStory = {
    "GENEVA, April 16 (Reuters) - The World Health Organization said on Tuesday that the outbreak "
    "in the eastern provinces had slowed for a third week running.",
    "Officials counted 41 new cases, down from 63 the week before, and said vaccination teams had "
    "reached every district along the border.",
    "The agency warned that funding for the response would run out by the end of June unless "
    "donors made good on their pledges.",
    "Reporting by Jane Doe; Editing by John Roe"};

constexpr size_t kDatelineBytes = sizeof("GENEVA, April 16 (Reuters) - ") - 1;

Fingerprint Of(std::vector<std::string> paragraphs, size_t skip = 0,
               std::string_view headline = "") {
  Fingerprinter fingerprinter;
  Fingerprint fp;
  fingerprinter.Compute(headline, paragraphs, skip, fp);
  return fp;
}

TEST(Fingerprint, IgnoresCaseSpacingAndPunctuation) {
  const Fingerprint a = Of({"The minister said: \"No comment.\""});
  const Fingerprint b = Of({"the  MINISTER said -- no comment"});
  EXPECT_EQ(a.words, 5u);
  EXPECT_EQ(a.body_hash, b.body_hash);
  EXPECT_EQ(a.minhash, b.minhash);
}

TEST(Fingerprint, KeepsDigitsAndWordOrder) {
  EXPECT_NE(Of({"41 new cases"}).body_hash, Of({"14 new cases"}).body_hash);
  EXPECT_NE(Of({"new cases 41"}).body_hash, Of({"41 new cases"}).body_hash);
}

TEST(Fingerprint, LowercasesEveryScriptAndSplitsOnUnicodePunctuation) {
  EXPECT_EQ(Of({"ÉTÉ À TÉHÉRAN « bientôt »"}).body_hash, Of({"été à téhéran bientôt"}).body_hash);
  EXPECT_EQ(Of({"Путин — Москва"}).body_hash, Of({"путин москва"}).body_hash);
  // Combining marks belong to their word (Devanagari vowel signs).
  EXPECT_EQ(Of({"नमस्ते दुनिया"}).words, 2u);
}

TEST(Fingerprint, LeavesTheDatelineOut) {
  std::vector<std::string> other_agency = kStory;
  other_agency[0].replace(0, kDatelineBytes, "GENEVA, April 16 (AFP) - ");
  const size_t other_skip = sizeof("GENEVA, April 16 (AFP) - ") - 1;
  EXPECT_EQ(Of(kStory, kDatelineBytes).body_hash, Of(other_agency, other_skip).body_hash);
  EXPECT_NE(Of(kStory).body_hash, Of(other_agency).body_hash);
}

TEST(Fingerprint, TheHeadlineCountsForVersionsNotForBodies) {
  const Fingerprint a = Of(kStory, 0, "Outbreak slows");
  const Fingerprint b = Of(kStory, 0, "WHO says outbreak slowing");
  EXPECT_EQ(a.body_hash, b.body_hash);
  EXPECT_EQ(a.minhash, b.minhash);
  EXPECT_NE(a.version_hash, b.version_hash);
}

TEST(Fingerprint, EditedCopiesStaySimilarUnrelatedTextsDoNot) {
  const Fingerprint original = Of(kStory, kDatelineBytes);
  std::vector<std::string> trimmed(kStory.begin(), kStory.end() - 1);  // credits dropped
  trimmed.push_back("Read more on our website.");
  const double edited = EstimatedJaccard(original.minhash, Of(trimmed, kDatelineBytes).minhash);
  EXPECT_GT(edited, 0.6);
  const Fingerprint unrelated =
      Of({"The World Health Organization said on Tuesday that it would "
          "meet donors in Geneva to discuss vaccination funding for "
          "the eastern provinces before the end of June."});
  EXPECT_LT(EstimatedJaccard(original.minhash, unrelated.minhash), 0.2);
  EXPECT_EQ(EstimatedJaccard(original.minhash, original.minhash), 1.0);
  // The compact form the index keeps agrees with the full one.
  EXPECT_NEAR(
      EstimatedJaccard(Compact(original.minhash), Compact(Of(trimmed, kDatelineBytes).minhash)),
      edited, 2.0 / kPermutations);
}

TEST(Fingerprint, IdenticalSignaturesShareEveryBand) {
  const Fingerprint a = Of(kStory);
  EXPECT_EQ(a.bands, ComputeBands(a.minhash));
  EXPECT_EQ(a.bands, Of(kStory).bands);
}

TEST(Fingerprint, EmptyAndShortTexts) {
  const Fingerprint empty = Of({"", " -- "});
  EXPECT_FALSE(empty.HasText());
  const Fingerprint two = Of({"Breaking news"});
  EXPECT_EQ(two.words, 2u);
  EXPECT_NE(two.minhash, empty.minhash);  // a short text still has a signature
}

// Signatures are stored in the state and compared across releases: they must not change.
TEST(Fingerprint, ValuesAreStableAcrossRuns) {
  const Fingerprint fp = Of({"Officials counted 41 new cases"});
  EXPECT_EQ(fp.body_hash, 0x9a00cb4238acc79eu);
  EXPECT_EQ(fp.minhash[0], 0x0863b090u);
  EXPECT_EQ(fp.minhash[127], 0xc8bc7d3du);
  EXPECT_EQ(fp.bands[0], 0x145290feu);
}

}  // namespace
}  // namespace copydesk::dedup

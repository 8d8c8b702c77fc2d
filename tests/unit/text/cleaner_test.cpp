// The cleaning stage end to end on small items: headline choice and site suffixes, the
// story's paragraphs, credits at either end, the dateline, the publisher line, the URL.
#include "copydesk/text/cleaner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace copydesk::text {
namespace {

CleanArticle Clean(std::string_view body, MarkupFormat format, std::string_view headline = "",
                   std::string_view url = "", std::string_view source = "") {
  Cleaner cleaner(BoilerplatePatterns::BuiltIn());
  CleanArticle article;
  cleaner.Clean(CleanInput{headline, body, format, url, source, std::nullopt}, article);
  return article;
}

std::string ReadSeedMarkdown() {
  std::ifstream in(COPYDESK_TEST_DATA "/seed/radiohc-poutine-khamenei.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Cleaner, SeedComesOutAsTheStory) {
  const std::string markdown = ReadSeedMarkdown();
  ASSERT_FALSE(markdown.empty());
  const CleanArticle a = Clean(markdown, MarkupFormat::kMarkdown, "",
                               "https://www.radiohc.cu/index.php/fr/noticias/internacionales/"
                               "254100-poutine-et-khamenei-se-prononcent-pour-le-renforcement-des-"
                               "relations-entre-la-russie-et-liran");
  EXPECT_EQ(a.headline,
            "Poutine et Khamenei se prononcent pour le renforcement des relations entre la Russie "
            "et l'Iran");
  ASSERT_EQ(a.paragraphs.size(), 8u) << a.Body();
  EXPECT_TRUE(
      a.paragraphs.front().starts_with("Téhéran, 15 avril (RHC) La réponse du président russe"));
  EXPECT_TRUE(a.paragraphs.back().ends_with("à l'origine du COVID-19, en Iran."));
  ASSERT_TRUE(a.dateline);
  EXPECT_EQ(a.dateline->place, "Téhéran");
  EXPECT_EQ(a.dateline->agency, "RHC");
  EXPECT_EQ(a.publisher, "Radio Habana Cuba");
  EXPECT_EQ(a.credits.sources, std::vector<std::string>{"HispanTV"});
  EXPECT_EQ(a.Body().find("radiohc.cu"), std::string::npos);
  EXPECT_EQ(a.Body().find("Image not found"), std::string::npos);
}

TEST(Cleaner, SiteSuffixNamedByDomainOrPipeIsDropped) {
  EXPECT_EQ(Clean("Text.", MarkupFormat::kText, "Bus drivers strike - Pine County Record", "",
                  "Pine County Record")
                .headline,
            "Bus drivers strike");
  EXPECT_EQ(Clean("Text.", MarkupFormat::kText, "Copper hits record high today | Harbour Times",
                  "https://www.harbourtimes.com/a")
                .headline,
            "Copper hits record high today");
  // A dash inside a headline stays when it names nothing.
  EXPECT_EQ(Clean("Text.", MarkupFormat::kText, "Bahn im März pünktlicher - Fernverkehr unter Ziel",
                  "https://www.nordkurier-online.de/a")
                .headline,
            "Bahn im März pünktlicher - Fernverkehr unter Ziel");
}

TEST(Cleaner, PageHeadingShowsWhereAnUnknownSiteSuffixBegins) {
  const CleanArticle a = Clean(
      "# León recibe a 40 mil compradores\n\nPor **Andrea Gutiérrez**\n\nLa feria abrió sus "
      "puertas este miércoles.",
      MarkupFormat::kMarkdown, "León recibe a 40 mil compradores - Noticias del Bajío",
      "https://www.noticiasdelbajio.mx/leon/feria/");
  EXPECT_EQ(a.headline, "León recibe a 40 mil compradores");
  EXPECT_EQ(a.credits.authors, std::vector<std::string>{"Andrea Gutiérrez"});
  EXPECT_EQ(a.paragraphs, std::vector<std::string>{"La feria abrió sus puertas este miércoles."});
}

TEST(Cleaner, PlainTextTitleLineBecomesTheHeadline) {
  const CleanArticle a = Clean(
      "La Bolivie fixe la date du second tour\n\nLa Paz, 16 avril (RHC) Le Tribunal a fixé la "
      "date.\n\n"
      "Les candidats disposeront de six semaines.",
      MarkupFormat::kText);
  EXPECT_EQ(a.headline, "La Bolivie fixe la date du second tour");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  ASSERT_TRUE(a.dateline);
  EXPECT_EQ(a.dateline->place, "La Paz");
  // A first line that is a sentence, or a dateline, is story.
  EXPECT_EQ(Clean("The council met on Monday.\n\nIt voted.\n\nIt adjourned.", MarkupFormat::kText)
                .headline,
            "");
  EXPECT_EQ(
      Clean("BERLIN (dpa) - Die Regierung\n\nZwei\n\nDrei", MarkupFormat::kText).paragraphs.size(),
      3u);
}

TEST(Cleaner, EntitiesInATextHeadlineAreDecoded) {
  EXPECT_EQ(
      Clean("Texto.", MarkupFormat::kText, "El metro de Bogot&aacute; &amp; sus pruebas").headline,
      "El metro de Bogotá & sus pruebas");
  EXPECT_EQ(Clean("Text.", MarkupFormat::kText, "AT&T results").headline, "AT&T results");
}

TEST(Cleaner, DeclaredCanonicalUrlOfTheSameSiteWins) {
  const std::string page =
      "<html><head><link rel=\"canonical\" "
      "href=\"https://www.site.example/news/ferry-88123\"></head>"
      "<body><p>Ferry sailings were suspended on Tuesday after an engine fault.</p></body></html>";
  EXPECT_EQ(
      Clean(page, MarkupFormat::kHtml, "Ferry", "https://m.site.example/story/88123?utm_source=rss")
          .canonical_url,
      "https://www.site.example/news/ferry-88123");
  // Another site's canonical (a syndicated copy) does not replace the page's own address.
  const std::string other =
      "<html><head><link rel=\"canonical\" href=\"https://www.other.example/a\"></head>"
      "<body><p>Ferry sailings were suspended on Tuesday after an engine fault.</p></body></html>";
  EXPECT_EQ(Clean(other, MarkupFormat::kHtml, "Ferry", "https://www.site.example/b").canonical_url,
            "https://www.site.example/b");
  // A home page given as canonical is a site's misconfiguration, not the article's address.
  const std::string home =
      "<html><head><link rel=\"canonical\" href=\"https://www.site.example/\"></head>"
      "<body><p>Ferry sailings were suspended on Tuesday after an engine fault.</p></body></html>";
  EXPECT_EQ(Clean(home, MarkupFormat::kHtml, "Ferry", "https://www.site.example/b").canonical_url,
            "https://www.site.example/b");
  // Country-code second levels: bbc.co.uk is one site, not co.uk.
  const std::string uk =
      "<html><head><link rel=\"canonical\" href=\"https://www.other.co.uk/a\"></head>"
      "<body><p>Ferry sailings were suspended on Tuesday after an engine fault.</p></body></html>";
  EXPECT_EQ(Clean(uk, MarkupFormat::kHtml, "Ferry", "https://www.site.co.uk/b").canonical_url,
            "https://www.site.co.uk/b");
}

TEST(Cleaner, CreditsAtTheEndsAreTakenOutOfTheStory) {
  const CleanArticle a = Clean(
      "SINGAPORE, April 15 (Reuters) - An airline ordered 20 jets.\n\nDeliveries begin in 2028.\n\n"
      "(Reporting by Lim Wei Ling; Editing by Mark Potter)",
      MarkupFormat::kText, "Airline orders jets");
  EXPECT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(a.credits.authors, std::vector<std::string>{"Lim Wei Ling"});
  EXPECT_EQ(a.credits.editors, std::vector<std::string>{"Mark Potter"});
  ASSERT_TRUE(a.dateline);
  EXPECT_EQ(a.dateline->agency, "Reuters");
  EXPECT_TRUE(a.paragraphs.front().starts_with("SINGAPORE, April 15 (Reuters) - "));
}

TEST(Cleaner, JunkInSeveralLanguagesGoes) {
  const CleanArticle a = Clean(
      "Die Bahn ist im März pünktlicher gewesen.\n\nLesen Sie auch: Mehr zum "
      "Thema\n\nWeiterlesen\n\n"
      "Lire aussi : autre chose\n\nLeggi anche: altro\n\nRead more: other\n\nShare on Facebook\n\n"
      "Alle Rechte vorbehalten.",
      MarkupFormat::kText, "Bahn");
  EXPECT_EQ(a.paragraphs, std::vector<std::string>{"Die Bahn ist im März pünktlicher gewesen."});
}

TEST(Cleaner, InvisibleCharactersAndNbspInTheHeadline) {
  EXPECT_EQ(Clean("Text.", MarkupFormat::kText, "Historic\u00a0pier\u200b reopens").headline,
            "Historic pier reopens");
}

}  // namespace
}  // namespace copydesk::text

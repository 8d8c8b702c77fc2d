#include "copydesk/enrich/sources.h"

#include <gtest/gtest.h>

namespace copydesk::enrich {
namespace {

SourceRegistry Registry() {
  SourceRegistry registry;
  EXPECT_TRUE(registry
                  .Add({"Radio Habana Cuba",
                        {"radiohc.cu"},
                        {"RHC"},
                        {"Radio Havana Cuba"},
                        "CU",
                        "es",
                        "public_broadcaster",
                        ""})
                  .ok());
  EXPECT_TRUE(registry
                  .Add({"BBC",
                        {"bbc.co.uk", "bbc.com"},
                        {"BBC"},
                        {},
                        "GB",
                        "en",
                        "public_broadcaster",
                        "Q9531"})
                  .ok());
  EXPECT_TRUE(registry
                  .Add({"Agence France-Presse",
                        {"afp.com"},
                        {"AFP"},
                        {"AFP"},
                        "FR",
                        "fr",
                        "agency",
                        "Q40464"})
                  .ok());
  return registry;
}

TEST(SourceRegistryTest, FindsThePublisherOfAHostOrAnyOfItsSubdomains) {
  const SourceRegistry registry = Registry();
  EXPECT_EQ(registry.ByHost(HostOf("https://www.radiohc.cu/fr/noticias/1"))->name,
            "Radio Habana Cuba");
  EXPECT_EQ(registry.ByHost("news.bbc.co.uk")->name, "BBC");
  EXPECT_EQ(registry.ByHost("BBC.COM")->name, "BBC");
  EXPECT_EQ(registry.ByHost("notbbc.com"), nullptr);
  EXPECT_EQ(registry.ByHost("co.uk"), nullptr);
  EXPECT_EQ(registry.ByHost(""), nullptr);
}

TEST(SourceRegistryTest, ResolvesCreditsByCodeAsWrittenAndByNameInAnyCase) {
  const SourceRegistry registry = Registry();
  EXPECT_EQ(registry.ByCredit("RHC")->name, "Radio Habana Cuba");
  EXPECT_EQ(registry.ByCredit("rhc"), nullptr);  // a code only as written
  EXPECT_EQ(registry.ByCredit("radio havana cuba")->name, "Radio Habana Cuba");
  EXPECT_EQ(registry.ByCredit("AFP")->wikidata, "Q40464");
  EXPECT_EQ(registry.ByCredit("HispanTV"), nullptr);
}

TEST(SourceRegistryTest, RefusesADomainThatIsAlreadyAnothersAndSaysWhose) {
  SourceRegistry registry = Registry();
  const Status domain = registry.Add({"Other", {"bbc.com"}, {}, {}, "GB", "en", "online", ""});
  EXPECT_FALSE(domain.ok());
  EXPECT_NE(domain.message().find("bbc.com is both BBC's and Other's"), std::string::npos);
}

TEST(SourceRegistryTest, ACodeOfSeveralSourcesIsTheOneOfTheArticlesCountry) {
  SourceRegistry registry;
  ASSERT_TRUE(
      registry.Add({"Algérie Presse Service", {"aps.dz"}, {"APS"}, {}, "DZ", "fr", "agency", ""})
          .ok());
  ASSERT_TRUE(
      registry
          .Add({"Agence de presse sénégalaise", {"aps.sn"}, {"APS"}, {}, "SN", "fr", "agency", ""})
          .ok());
  EXPECT_EQ(registry.ByCredit("APS", "SN")->name, "Agence de presse sénégalaise");
  EXPECT_EQ(registry.ByCredit("APS", "DZ")->name, "Algérie Presse Service");
  EXPECT_EQ(registry.ByCredit("APS")->name, "Algérie Presse Service");  // the first listed
}

TEST(SourceRegistryTest, HostOfAUrl) {
  EXPECT_EQ(HostOf("https://www.Example.com:8443/a?b#c"), "example.com");
  EXPECT_EQ(HostOf("http://user@news.example.org"), "news.example.org");
  EXPECT_EQ(HostOf("urn:newsml:dpa.com:20090101:1"), "");
}

}  // namespace
}  // namespace copydesk::enrich

#include "copydesk/enrich/enricher.h"

#include <gtest/gtest.h>

namespace copydesk::enrich {
namespace {

const char* const kSources = R"(sources:
  - {name: Radio Habana Cuba, domains: [radiohc.cu], codes: [RHC], country: CU, language: es,
     kind: public_broadcaster}
  - {name: HispanTV, domains: [hispantv.com], country: IR, language: es, kind: state_media}
  - {name: Agence France-Presse, domains: [afp.com], codes: [AFP], country: FR, language: fr,
     kind: agency, wikidata: Q40464}
)";
const char* const kTopics = R"(topics:
  - {code: "11000000", name: politics, names: {fr: politique}, keywords: {fr: ["parlement*", "ministre*"]}}
  - {code: "20000638", name: international relations, parent: "11000000",
     keywords: {fr: ["coopération", "relations", "accord*"]}}
  - {code: "15000000", name: sport, keywords: {fr: [football]}}
)";
const char* const kGazetteer = R"(countries:
  - {iso: RU, id: Q159}
  - {iso: IR, id: Q794}
  - {iso: GE, id: Q230}
  - {iso: US, id: Q30, exact: [US]}
places:
  - {id: Q3616, name: Tehran, country: IR, names: {fr: Téhéran}}
  - {id: Q649, name: Moscow, country: RU, names: {fr: Moscou}}
  - {id: Q1428, name: Georgia, country: US}
  - {id: Q23556, name: Atlanta, country: US}
  - {key: natanz, name: Natanz, country: IR}
not_names: [Atlanta Journal]
people:
  - {id: Q7747, name: Vladimir Putin, country: RU, names: {fr: Vladimir Poutine}, aliases: [Putin, Poutine]}
)";

class EnricherTest : public ::testing::Test {
 protected:
  EnricherTest()
      : enricher_(*Reference::Build({{"sources.yaml", kSources},
                                     {"mediatopics.yaml", kTopics},
                                     {"gazetteer/all.yaml", kGazetteer}})) {}

  static std::vector<std::string> Uris(const std::vector<event::Concept>& concepts) {
    std::vector<std::string> out;
    for (const auto& c : concepts) {
      out.push_back(c.name + "|" +
                    (c.uri.empty() ? c.literal : c.uri.substr(c.uri.rfind('/') + 1)) + "|" + c.rel);
    }
    return out;
  }

  Enricher enricher_;
  event::NinjsItem item_;
};

using Strings = std::vector<std::string>;

TEST_F(EnricherTest, NamesSourcesEntitiesAndTopicsOfAnArticle) {
  const std::vector<std::string> credits = {"HispanTV"};
  enricher_.Enrich({.headline = "Poutine et la Russie",
                    .body = "Téhéran, 15 avril (RHC) La coopération entre Moscou et Téhéran, "
                            "selon le parlement; relations et accord nucléaire à Natanz. Putin.",
                    .language = "fr-FR",
                    .url = "https://www.radiohc.cu/fr/noticias/1",
                    .dateline_place = "Téhéran",
                    .dateline_agency = "RHC",
                    .credited_sources = credits},
                   item_);
  ASSERT_EQ(item_.infosources.size(), 2u);  // RHC is the publisher's own credit
  EXPECT_EQ(item_.infosources[0].name, "HispanTV");
  EXPECT_EQ(item_.infosources[0].role, "originator");
  EXPECT_EQ(item_.infosources[1].name, "Radio Habana Cuba");
  EXPECT_EQ(item_.infosources[1].role, "publisher");
  EXPECT_EQ(item_.copyrightholder, "Radio Habana Cuba");
  EXPECT_EQ(Uris(item_.people), Strings{"Vladimir Poutine|Q7747|about"});
  EXPECT_EQ(Uris(item_.places),
            (Strings{"Téhéran|Q3616|located", "Russie|Q159|about", "Téhéran|Q3616|about",
                     "Moscou|Q649|about", "Natanz|natanz|about"}));
  ASSERT_EQ(item_.subjects.size(), 2u);
  EXPECT_EQ(item_.subjects[0].name, "politique");
  EXPECT_EQ(item_.subjects[0].uri, "http://cv.iptc.org/newscodes/mediatopic/11000000");
  EXPECT_EQ(item_.subjects[0].relevance, 100);
  EXPECT_EQ(item_.subjects[1].name, "international relations");
}

TEST_F(EnricherTest, AnAgencyCreditIsAnOriginatorWithItsUri) {
  enricher_.Enrich({.headline = "Football",
                    .body = "PARIS (AFP/Xyz) - Le football.",
                    .language = "fr",
                    .url = "urn:x",
                    .publisher = "Le Site",
                    .dateline_agency = "AFP/Xyz",
                    .copyright_holder = "AFP 2024"},
                   item_);
  ASSERT_EQ(item_.infosources.size(), 3u);
  EXPECT_EQ(item_.infosources[0].name, "Agence France-Presse");
  EXPECT_EQ(item_.infosources[0].uri, "http://www.wikidata.org/entity/Q40464");
  EXPECT_EQ(item_.infosources[1].name, "Xyz");  // as credited: the registry does not know it
  EXPECT_EQ(item_.infosources[1].role, "originator");
  EXPECT_EQ(item_.infosources[2].name, "Le Site");
  EXPECT_EQ(item_.infosources[2].role, "publisher");
  EXPECT_EQ(item_.copyrightholder, "AFP 2024");
  EXPECT_TRUE(item_.subjects.empty());  // one keyword is not enough
}

TEST_F(EnricherTest, ASharedNameIsResolvedByTheArticlesCountryAndCompany) {
  // Georgia the country (listed first) unless the article points to the US state.
  enricher_.Enrich({.body = "Georgia said.", .language = "en"}, item_);
  EXPECT_EQ(Uris(item_.places), Strings{"Georgia|Q230|about"});
  enricher_.Enrich({.body = "Georgia and Atlanta.", .language = "en"}, item_);
  EXPECT_EQ(Uris(item_.places), (Strings{"Georgia|Q1428|about", "Atlanta|Q23556|about"}));
  enricher_.Enrich({.body = "Georgia voted.", .language = "en", .dateline_place = "Atlanta"},
                   item_);
  EXPECT_EQ(Uris(item_.places), (Strings{"Atlanta|Q23556|located", "Georgia|Q1428|about"}));
}

TEST_F(EnricherTest, NamesInTheDatelineOrInsideOtherNamesAreNotMentions) {
  const std::string_view body = "ATLANTA (AFP) - The Atlanta Journal said Moscow agreed.";
  enricher_.Enrich({.body = body,
                    .language = "en",
                    .dateline_place = "ATLANTA",
                    .dateline_length = body.find("The"),
                    .dateline_agency = "AFP"},
                   item_);
  EXPECT_EQ(Uris(item_.places), (Strings{"Atlanta|Q23556|located", "Moscow|Q649|about"}));
  EXPECT_TRUE(item_.organisations.empty());
}

}  // namespace
}  // namespace copydesk::enrich

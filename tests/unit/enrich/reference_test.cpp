#include "copydesk/enrich/reference.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace copydesk::enrich {
namespace {

const char* const kSources = R"(sources:
  - {name: Radio Habana Cuba, domains: [radiohc.cu], codes: [RHC], country: CU, language: es,
     kind: public_broadcaster}
  - {name: HispanTV, domains: [hispantv.com], country: IR, language: es, kind: state_media}
)";
const char* const kTopics = R"(topics:
  - code: "11000000"
    name: politics
    names: {fr: politique}
    keywords:
      en: [parliament, "minister*", {prime minister: 2}]
  - code: "20000638"
    name: international relations
    parent: "11000000"
    keywords: {fr: ["diplomat*"]}
)";
const char* const kCountries = R"(countries:
  - {iso: RU, id: Q159, capital: Q649, aliases: [Rossiya]}
  - {iso: US, id: Q30, exact: [US, U.S.]}
  - {id: Q15180, name: Soviet Union, aliases: [USSR]}
)";
const char* const kPeople = R"(people:
  - id: Q7747
    name: Vladimir Putin
    country: RU
    names: {fr: Vladimir Poutine, ru: Владимир Путин}
    aliases: [Putin, Poutine]
  - {key: mohammad-bagher-ghalibaf, name: Mohammad Bagher Ghalibaf, country: IR, aliases: [Qalibaf]}
)";

std::vector<ReferenceFile> Files() {
  return {{"sources.yaml", kSources},
          {"mediatopics.yaml", kTopics},
          {"gazetteer/people.yaml", kPeople},
          {"gazetteer/countries.yaml", kCountries}};
}

TEST(ReferenceTest, BuildsEveryPartFromItsFiles) {
  auto built = Reference::Build(Files());
  ASSERT_TRUE(built.ok()) << built.status().message();
  const Reference& reference = **built;
  EXPECT_EQ(reference.sources().size(), 2u);
  EXPECT_EQ(reference.topics().topics(), 2u);
  EXPECT_EQ(reference.topics().topic(1).parent, 0u);
  ASSERT_EQ(reference.gazetteer().entities(), 5u);
  // Countries come first whatever the files' order, with their names from ICU.
  const Entity& russia = reference.gazetteer().entity(0);
  EXPECT_EQ(russia.id, "Q159");
  EXPECT_EQ(russia.name, "Russia");
  EXPECT_EQ(russia.country, "RU");
  EXPECT_EQ(russia.NameIn("fr"), "Russie");
  EXPECT_EQ(russia.NameIn("de"), "Russland");
  EXPECT_EQ(russia.NameIn("ru"), "Россия");
  std::vector<Mention> mentions;
  reference.gazetteer().Find("Poutine en Russie, Putin in Россия, the US and USSR; us", mentions);
  std::vector<std::string> ids;
  for (const auto& m : mentions) ids.push_back(reference.gazetteer().entity(m.entity).id);
  EXPECT_EQ(ids, (std::vector<std::string>{"Q7747", "Q159", "Q7747", "Q159", "Q30", "Q15180"}));
  EXPECT_GT(reference.gazetteer().aliases(), 100u);  // ICU's names in many languages
}

TEST(ReferenceTest, TheVersionDependsOnTheFilesNotTheirOrder) {
  auto files = Files();
  const std::string version = ReferenceVersion(files);
  EXPECT_EQ(version.size(), 4u + 16u);
  EXPECT_EQ((*Reference::Build(files))->version(),
            (*Reference::Build({files[3], files[1], files[2], files[0]}))->version());
  files[0].text += "\n# a comment\n";
  EXPECT_NE((*Reference::Build(files))->version(), version);
}

TEST(ReferenceTest, ErrorsNameTheFileAndLine) {
  auto files = Files();
  files[1].text = "topics:\n  - code: \"1100\"\n    name: politics\n";
  auto built = Reference::Build(files);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().message(),
            "mediatopics.yaml:2: a topic's code is 8 digits, \"1100\" is not");

  files = Files();
  files[2].text = "people:\n  - {name: Nobody}\n";
  EXPECT_EQ(Reference::Build(files).status().message(),
            "gazetteer/people.yaml:2: an entry needs an id (Wikidata) or a key");

  files = Files();
  files[2].text = "people:\n  - {id: Putin, name: Vladimir Putin}\n";
  EXPECT_NE(Reference::Build(files).status().message().find("not a Wikidata id"),
            std::string::npos);

  files = Files();
  files[0].text += "  - {name: Copy, domains: [radiohc.cu]}\n";
  EXPECT_EQ(Reference::Build(files).status().message(),
            "sources.yaml:5: domain radiohc.cu is both Radio Habana Cuba's and Copy's");

  files = Files();
  files[1].text = "topics: [\n";
  EXPECT_NE(Reference::Build(files).status().message().find("mediatopics.yaml:"),
            std::string::npos);

  files = Files();
  files.push_back({"notes.yaml", "x: 1"});
  EXPECT_NE(Reference::Build(files).status().message().find("not a reference file"),
            std::string::npos);
}

TEST(ReferenceTest, SitesCarryTheirOwnCleaningRules) {
  auto files = Files();
  files[0].text += R"(  - {name: Example News, domains: [example.com],
     url: {host: www.example.com, host_aliases: [m.example.com], drop_params: [ref],
           keep_params: [id], drop_path_prefixes: [/index.php]},
     boilerplate: ['subscribe to example weekly\.?', 'example news \d{4}']}
  - {name: Other News, domains: [other.org], boilerplate: ['other footer']}
)";
  auto built = Reference::Build(files);
  ASSERT_TRUE(built.ok()) << built.status().message();
  const Source* example = (*built)->sources().ByHost("m.example.com");
  ASSERT_NE(example, nullptr);
  EXPECT_EQ(example->site.url.host, "www.example.com");
  EXPECT_EQ(example->site.url.host_aliases, std::vector<std::string>{"m.example.com"});
  EXPECT_EQ(example->site.url.drop_params, std::vector<std::string>{"ref"});
  EXPECT_EQ(example->site.url.keep_params, std::vector<std::string>{"id"});
  EXPECT_EQ(example->site.url.drop_path_prefixes, std::vector<std::string>{"/index.php"});
  const Source* other = (*built)->sources().ByHost("other.org");
  ASSERT_NE(other, nullptr);
  EXPECT_NE(example->site.boilerplate_tag, 0u);
  EXPECT_NE(other->site.boilerplate_tag, 0u);
  EXPECT_NE(example->site.boilerplate_tag, other->site.boilerplate_tag);
  EXPECT_EQ((*built)->sources().ByHost("radiohc.cu")->site.boilerplate_tag, 0u);

  text::BoilerplateMatcher matcher((*built)->site_boilerplate());
  EXPECT_TRUE(matcher.IsBoilerplate("Subscribe to Example Weekly.", example->site.boilerplate_tag));
  EXPECT_TRUE(matcher.IsBoilerplate("Example News 2026", example->site.boilerplate_tag));
  EXPECT_FALSE(matcher.IsBoilerplate("Subscribe to Example Weekly.", other->site.boilerplate_tag));
  EXPECT_TRUE(matcher.IsBoilerplate("Other footer", other->site.boilerplate_tag));
}

TEST(ReferenceTest, BadSiteRulesNameTheSourceAndTheFix) {
  const auto message = [](const std::string& entry) {
    auto files = Files();
    files[0].text += "  - {name: Example News, domains: [example.com], " + entry + "}\n";
    return Reference::Build(files).status().message();
  };
  EXPECT_EQ(message("url: {drop_param: [ref]}"),
            "sources.yaml:5: url.drop_param is not a rule (host, host_aliases, drop_params, "
            "keep_params, drop_path_prefixes)");
  EXPECT_EQ(message("url: {host: www.example.com}"),
            "sources.yaml:5: url.host and url.host_aliases go together");
  EXPECT_EQ(message("url: {host: WWW.Example.com, host_aliases: [example.com]}"),
            "sources.yaml:5: url: \"WWW.Example.com\" is not a host name in lower case "
            "(www.example.com)");
  EXPECT_EQ(message("url: {drop_path_prefixes: [index.php]}"),
            "sources.yaml:5: url.drop_path_prefixes: \"index.php\" is not a path such as "
            "/index.php");
  EXPECT_NE(message("boilerplate: ['Subscribe now']").find("has capitals"), std::string::npos);
  EXPECT_NE(message("boilerplate: ['(unclosed']").find("pattern '(unclosed'"), std::string::npos);
}

TEST(ReferenceTest, ReadsAFolder) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("copydesk-reference-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "gazetteer");
  for (const auto& file : Files()) std::ofstream(dir / file.name) << file.text;
  auto files = ReadReferenceDir(dir);
  ASSERT_TRUE(files.ok()) << files.status().message();
  EXPECT_EQ(ReferenceVersion(*files), ReferenceVersion(Files()));
  std::filesystem::remove(dir / "sources.yaml");
  EXPECT_NE(ReadReferenceDir(dir).status().message().find("sources.yaml: missing"),
            std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_NE(ReadReferenceDir(dir).status().message().find("not a folder"), std::string::npos);
}

// The data copydesk carries meets what it promises (docs/enrichment.md).
TEST(ReferenceTest, TheBuiltInDataIsComplete) {
  const auto reference = Reference::BuiltIn();
  EXPECT_GE(reference->sources().size(), 400u);
  EXPECT_GE(reference->gazetteer().aliases(), 20'000u);
  size_t top_level = 0;
  for (size_t t = 0; t < reference->topics().topics(); ++t) {
    if (reference->topics().topic(static_cast<uint32_t>(t)).parent == Topic::kNoParent) ++top_level;
  }
  EXPECT_EQ(top_level, 17u);
  EXPECT_GE(reference->topics().topics(), 17u + 60u);
  EXPECT_EQ(reference->version(), ReferenceVersion(reference->files()));
  // The folder it was built from makes the same version.
  auto files =
      ReadReferenceDir(std::filesystem::path(COPYDESK_SOURCE_DIR) / "config" / "reference");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(ReferenceVersion(*files), reference->version());
}

}  // namespace
}  // namespace copydesk::enrich

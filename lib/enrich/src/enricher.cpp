#include "copydesk/enrich/enricher.h"

#include <algorithm>

namespace copydesk::enrich {
namespace {

std::string WikidataUri(const std::string& id) {
  return "http://www.wikidata.org/entity/" + id;
}

std::string_view PrimarySubtag(std::string_view tag) {
  return tag.substr(0, tag.find('-'));
}

}  // namespace

Enricher::Enricher(std::shared_ptr<const Reference> reference) : reference_(std::move(reference)) {}

uint32_t Enricher::Resolve(const Mention& mention, const std::string& country,
                           int64_t dateline) const {
  const Gazetteer& gazetteer = reference_->gazetteer();
  const auto senses = gazetteer.Senses(mention);
  if (senses.size() == 1) return senses.front();
  // Countries of the entities named without ambiguity.
  std::vector<std::string_view> named;
  for (const Mention& m : mentions_) {
    if (m.senses == 0) named.push_back(gazetteer.entity(m.entity).country);
  }
  uint32_t best = senses.front();
  int best_score = -1;
  for (uint32_t sense : senses) {
    const Entity& entity = gazetteer.entity(sense);
    int score = 0;
    if (static_cast<int64_t>(sense) == dateline) score += 100;
    if (!entity.country.empty()) {
      if (entity.country == country) score += 10;
      score += static_cast<int>(std::count(named.begin(), named.end(), entity.country));
    }
    if (score > best_score) {
      best = sense;
      best_score = score;
    }
  }
  return best;
}

void Enricher::Enrich(const EnrichInput& input, event::NinjsItem& item) {
  const Gazetteer& gazetteer = reference_->gazetteer();
  const SourceRegistry& sources = reference_->sources();
  const std::string_view language = PrimarySubtag(input.language);

  // Who published it, and who it came from.
  const Source* publisher = sources.ByHost(HostOf(input.url));
  if (publisher == nullptr && !input.publisher.empty())
    publisher = sources.ByCredit(input.publisher);

  // The dateline's place, and the article's country.
  mentions_.clear();
  const LanguageSet in_language = language.empty() ? kAnyLanguage : LanguageBit(language);
  gazetteer.Find(input.dateline_place, mentions_, {in_language, /*dots_optional=*/true});
  int64_t dateline = -1;
  std::string country = publisher != nullptr ? publisher->country : std::string();
  if (!mentions_.empty()) {
    // "CAMBRIDGE, Mass.": the region says which country; a city of that name elsewhere
    // (Cambridge, England) is not the place, the region is.
    const Mention place = mentions_.front();
    const Mention region = mentions_.back();
    mentions_.clear();
    dateline = Resolve(place, country, -1);
    if (region.begin != place.begin) {
      const auto within = static_cast<int64_t>(Resolve(region, country, -1));
      if (gazetteer.entity(within).country != gazetteer.entity(dateline).country) {
        dateline = within;
      }
    }
    if (!gazetteer.entity(dateline).country.empty()) country = gazetteer.entity(dateline).country;
  }

  // Who the text came from: the dateline's agency and the credits, in the article's country
  // where a credit is ambiguous ("APS"); then the publisher.
  item.infosources.clear();
  auto add_source = [&](std::string_view credit, const char* role) {
    if (credit.empty()) return;
    const Source* source = sources.ByCredit(credit, country);
    if (source != nullptr && source == publisher && std::string_view(role) != "publisher") return;
    event::InfoSource info{
        source ? source->name : std::string(credit), role,
        source && !source->wikidata.empty() ? WikidataUri(source->wikidata) : std::string()};
    for (const auto& existing : item.infosources) {
      if (existing.name == info.name) return;
    }
    item.infosources.push_back(std::move(info));
  };
  // "APA/dpa": two agencies, unless the registry knows the pair as one.
  auto add_credit = [&](std::string_view credit) {
    if (credit.find('/') == std::string_view::npos ||
        sources.ByCredit(credit, country) != nullptr) {
      add_source(credit, "originator");
      return;
    }
    for (size_t start = 0; start <= credit.size();) {
      const size_t slash = std::min(credit.find('/', start), credit.size());
      std::string_view part = credit.substr(start, slash - start);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      add_source(part, "originator");
      start = slash + 1;
    }
  };
  add_credit(input.dateline_agency);
  for (const auto& credit : input.credited_sources) add_credit(credit);
  if (publisher != nullptr) {
    item.infosources.push_back(
        {publisher->name, "publisher",
         publisher->wikidata.empty() ? "" : WikidataUri(publisher->wikidata)});
  } else {
    add_source(input.publisher, "publisher");
  }
  item.copyrightholder = !input.copyright_holder.empty() ? std::string(input.copyright_holder)
                         : publisher != nullptr          ? publisher->name
                                                         : std::string(input.publisher);

  // Names in the headline and the body, resolved, each entity once, in order of appearance.
  // (Names inside the dateline are its place, above, and its agency, a source.)
  mentions_.clear();
  gazetteer.Find(input.headline, mentions_, {in_language});
  size_t in_headline = mentions_.size();
  gazetteer.Find(input.body, mentions_, {in_language});
  // A name in angle brackets is a code, not a name: "Union Carbide <UK>" (a ticker).
  size_t kept = 0;
  size_t kept_in_headline = 0;
  for (size_t i = 0; i < mentions_.size(); ++i) {
    const bool headline = i < in_headline;
    const std::string_view text = headline ? input.headline : input.body;
    const Mention m = mentions_[i];
    const bool code =
        m.begin > 0 && m.end < text.size() && text[m.begin - 1] == '<' && text[m.end] == '>';
    if (code || (!headline && m.begin < input.dateline_length)) continue;
    kept_in_headline += headline;
    mentions_[kept++] = m;
  }
  mentions_.resize(kept);
  in_headline = kept_in_headline;
  item.people.clear();
  item.organisations.clear();
  item.places.clear();
  auto concept_of = [&](uint32_t index, const char* rel) {
    const Entity& entity = gazetteer.entity(index);
    event::Concept c;
    c.name = entity.NameIn(language);
    if (entity.has_wikidata_id()) {
      c.uri = WikidataUri(entity.id);
    } else {
      c.literal = entity.id;
    }
    c.rel = rel;
    return c;
  };
  if (dateline >= 0) item.places.push_back(concept_of(static_cast<uint32_t>(dateline), "located"));
  // Each entity once, in order of appearance; what the article is about (named in the
  // headline or the lead sentence, or again and again) apart from what it only mentions.
  const size_t lead_end = std::min(
      {input.body.find("\n\n"), input.body.find(". ", input.dateline_length), input.body.size()});
  found_.clear();
  for (size_t i = 0; i < mentions_.size(); ++i) {
    const uint32_t index = Resolve(mentions_[i], country, dateline);
    if (gazetteer.entity(index).kind == kNotAName) continue;
    const bool lead = i < in_headline || mentions_[i].begin < lead_end;
    auto it = std::find_if(found_.begin(), found_.end(),
                           [&](const FoundEntity& f) { return f.entity == index; });
    if (it == found_.end()) {
      found_.push_back({index, 1, lead});
    } else {
      ++it->mentions;
      it->lead |= lead;
    }
  }
  about_.clear();  // the ids and kinds of what it is about, evidence for topics
  for (const FoundEntity& f : found_) {
    const Entity& entity = gazetteer.entity(f.entity);
    auto& list = entity.type == EntityType::kPerson         ? item.people
                 : entity.type == EntityType::kOrganisation ? item.organisations
                                                            : item.places;
    // Places recur in passing ("U.S. dollars", "the London market"): three times make one
    // what the article is about; people and organisations twice (docs/quality.md).
    const uint32_t enough = entity.type == EntityType::kPlace ? 3 : 2;
    const bool about = f.lead || f.mentions >= enough;
    list.push_back(concept_of(f.entity, about ? "about" : "mentioned"));
    if (about) {
      about_.push_back(entity.id);
      if (!entity.kind.empty()) about_.push_back(entity.kind);
    }
  }

  // Media Topics.
  const TopicRules& rules = reference_->topics();
  rules.Classify(input.headline, input.body, topics_, about_);
  item.subjects.clear();
  for (const TopicScore& score : topics_) {
    const Topic& topic = rules.topic(score.topic);
    item.subjects.push_back({topic.NameIn(language), topic.uri(), "", "about", score.relevance});
  }
}

}  // namespace copydesk::enrich

// The enrich stage: who published and originated an article, the people, organisations and
// places it names, and its IPTC Media Topics, written into its ninjs item from the
// reference data (DESIGN.md "Output").
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/enrich/reference.h"
#include "copydesk/event/event.h"

namespace copydesk::enrich {

// What the enrich stage reads of a clean article.
struct EnrichInput {
  std::string_view headline{};
  std::string_view body{};
  std::string_view language{};   // the item's BCP 47 tag
  std::string_view url{};        // where it was published (canonical URL or ninjs uri)
  std::string_view publisher{};  // the publisher's name as the item or page gives it, or ""
  std::string_view dateline_place{};
  size_t dateline_length = 0;  // bytes at the head of `body` that the dateline takes
  std::string_view dateline_agency{};
  std::span<const std::string> credited_sources{};  // "Source: HispanTV" -> "HispanTV"
  std::string_view copyright_holder{};              // as the item gives it, or ""
};

// Not thread-safe (reusable buffers): one per thread. The reference data is shared.
class Enricher {
 public:
  explicit Enricher(std::shared_ptr<const Reference> reference);

  // Sets the item's infosources, copyrightholder, people, organisations, places and subjects.
  // People, organisations and places come once each, in order of appearance, with `rel`
  // "about" when named in the headline or the lead sentence, or often (places three times,
  // others twice), else "mentioned"; the dateline's place comes first, as "located".
  //
  // A name several entities share is resolved by evidence, in this order of weight: the
  // entity is the dateline's place; it belongs to the article's country (the dateline's,
  // else the publisher's); other entities of its country are named in the article. Without
  // evidence the first entity listed wins (countries before cities, cities before
  // organisations and people).
  void Enrich(const EnrichInput& input, event::NinjsItem& item);

  const Reference& reference() const { return *reference_; }

 private:
  uint32_t Resolve(const Mention& mention, const std::string& country, int64_t dateline) const;

  struct FoundEntity {
    uint32_t entity;
    uint32_t mentions;
    bool lead;  // named in the headline or the lead sentence
  };

  std::shared_ptr<const Reference> reference_;
  std::vector<Mention> mentions_;
  std::vector<FoundEntity> found_;
  std::vector<std::string_view> about_;
  std::vector<TopicScore> topics_;
};

}  // namespace copydesk::enrich

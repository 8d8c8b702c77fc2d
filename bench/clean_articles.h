// Clean articles for the benchmarks of the stages after cleaning: wiregen's ~5 KB items from
// the bundled sample feed's templates, decoded and cleaned once, before any timing.
#pragma once

#include <cstdio>
#include <vector>

#include "copydesk/enrich/reference.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/text/boilerplate.h"
#include "copydesk/text/cleaner.h"
#include "copydesk/text/date.h"
#include "copydesk/wire/decoder.h"
#include "copydesk/wiregen/generator.h"

namespace copydesk::bench {

// `count` accepted items, in generator order (seed 1); empty when the templates are missing.
inline std::vector<text::CleanArticle> CleanArticles(size_t count) {
  std::vector<text::CleanArticle> articles;
  wiregen::Options options;
  options.item_bytes = 5120;
  options.seed = 1;
  auto generator =
      wiregen::Generator::FromFile(COPYDESK_SOURCE_DIR "/config/samples/feed.ndjson", options);
  if (!generator.ok()) {
    std::fprintf(stderr, "bench: %s\n", generator.status().message().c_str());
    return articles;
  }
  wire::Decoder decoder{wire::DecodeLimits{}};
  text::Cleaner cleaner(text::BoilerplatePatterns::BuiltIn());
  const auto reference = enrich::Reference::BuiltIn();
  cleaner.SetSiteBoilerplate(reference->site_boilerplate());
  std::string line;
  wire::RawItem raw;
  for (uint64_t n = 0; articles.size() < count; ++n) {
    generator->Item(n, line);
    if (decoder.Decode(line, raw)) continue;  // a rejection
    cleaner.Clean(pipeline::CleanInputOf(raw, text::ParseDateTime(raw.published), *reference),
                  articles.emplace_back());
  }
  return articles;
}

}  // namespace copydesk::bench

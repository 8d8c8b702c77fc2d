// The source registry: news publishers by web domain and by the credits their copy carries
// ("(AFP)", "Source: HispanTV", "RHC"), for the ninjs `infosources` of an article.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/text/cleaner.h"

namespace copydesk::enrich {

struct Source {
  std::string name;
  std::vector<std::string> domains;  // "radiohc.cu", no "www."
  std::vector<std::string> codes;    // credits matched as written: "AFP", "RHC"
  std::vector<std::string> aliases;  // other names, matched in any case
  std::string country;               // ISO 3166-1 alpha-2
  std::string language;              // BCP 47
  std::string kind;                  // agency, public_broadcaster, state_media, newspaper ...
  std::string wikidata;              // "Q130879", or ""
  text::SiteRules site = {};         // how its pages are cleaned: URL rules, own boilerplate
};

class SourceRegistry {
 public:
  // Fails when a domain is already another source's. A code may be several sources' ("APS"
  // is Algeria's agency and Senegal's): the article's country tells them apart.
  Status Add(Source source);

  // The source whose domain is `host` or a parent domain of it (the longest that is known):
  // "www.bbc.co.uk" and "news.bbc.co.uk" are "bbc.co.uk".
  const Source* ByHost(std::string_view host) const;
  // The source a credit names: a code as written (of `country` when several sources have
  // it, else the first listed), else a name or alias in any case.
  const Source* ByCredit(std::string_view credit, std::string_view country = {}) const;

  size_t size() const { return sources_.size(); }

 private:
  std::vector<Source> sources_;
  std::unordered_map<std::string, uint32_t> by_domain_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_code_;
  std::unordered_map<std::string, uint32_t> by_name_;  // lower case
};

// The host of a URL, lower case, without "www.": "https://www.radiohc.cu/fr/x" -> "radiohc.cu".
std::string HostOf(std::string_view url);

}  // namespace copydesk::enrich

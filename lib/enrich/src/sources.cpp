#include "copydesk/enrich/sources.h"

#include <algorithm>
#include <cctype>

namespace copydesk::enrich {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Status SourceRegistry::Add(Source source) {
  const auto index = static_cast<uint32_t>(sources_.size());
  for (auto& domain : source.domains) {
    domain = Lower(domain);
    auto [it, added] = by_domain_.emplace(domain, index);
    if (!added && it->second != index) {
      return Status::InvalidArgument("domain " + domain + " is both " + sources_[it->second].name +
                                     "'s and " + source.name + "'s");
    }
  }
  for (const auto& code : source.codes) {
    auto& holders = by_code_[code];
    if (std::find(holders.begin(), holders.end(), index) == holders.end()) {
      holders.push_back(index);
    }
  }
  // Names and aliases may be shared (two outlets called "Nation"): the first keeps it.
  by_name_.emplace(Lower(source.name), index);
  for (const auto& alias : source.aliases) by_name_.emplace(Lower(alias), index);
  sources_.push_back(std::move(source));
  return Status::Ok();
}

const Source* SourceRegistry::ByHost(std::string_view host) const {
  std::string name = Lower(host);
  for (std::string_view rest = name; !rest.empty();) {
    if (auto it = by_domain_.find(std::string(rest)); it != by_domain_.end()) {
      return &sources_[it->second];
    }
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return nullptr;
}

const Source* SourceRegistry::ByCredit(std::string_view credit, std::string_view country) const {
  if (auto it = by_code_.find(std::string(credit)); it != by_code_.end()) {
    for (uint32_t index : it->second) {
      if (sources_[index].country == country) return &sources_[index];
    }
    return &sources_[it->second.front()];
  }
  if (auto it = by_name_.find(Lower(credit)); it != by_name_.end()) return &sources_[it->second];
  return nullptr;
}

std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  url = url.substr(0, url.find(':'));
  std::string host = Lower(url);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

}  // namespace copydesk::enrich

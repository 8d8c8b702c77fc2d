// Canonical article URLs: the many spellings of one page's address (tracking parameters, AMP
// copies, case, default ports, escapes) brought to one string, for ids and duplicate checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk::text {

// Rules for one site. The defaults suit any site; the caller picks a site's rules (e.g. from
// configuration keyed by host) and passes them in.
struct UrlRules {
  // Query parameters to drop besides the tracking ones below, for this site. A name ending in
  // '*' is a prefix ("pk_*"). Names are matched without regard to ASCII case.
  std::vector<std::string> drop_params = {};
  // When not empty, the only query parameters kept (an allow-list, for sites whose article
  // URLs carry one meaningful parameter, "?id=123", among noise). Tracking parameters and
  // drop_params are dropped even when listed here. Same matching as drop_params.
  std::vector<std::string> keep_params = {};
  // Drop a leading "www." from the host. Off by default: www.example.com and example.com may
  // be different sites, and are for some publishers.
  bool strip_www = false;
  // Fold AMP copies onto the page they copy (the rules are listed at CanonicalUrl).
  bool fold_amp = true;
  // Hosts that serve the site's pages at the same paths ("bbc.co.uk" for "www.bbc.com"),
  // lower case, compared after the folding above: a URL on one of them is moved onto
  // `host`. Both empty or both set.
  std::string host = {};
  std::vector<std::string> host_aliases = {};
  // Path prefixes under which the site serves the same pages again (a CMS's front
  // controller: "/index.php/fr/x" is "/fr/x"); dropped when a whole segment matches.
  std::vector<std::string> drop_path_prefixes = {};
};

// The canonical form of an http(s) URL, or nullopt when `url` is not one.
//
// Accepted: "scheme://[userinfo@]host[:port]/path?query#fragment" with scheme http or https
// (any case), and protocol-relative "//host/path", taken as https. Surrounding whitespace is
// trimmed; tabs and newlines inside are removed (as browsers do). Refused (nullopt): other
// schemes (mailto:, javascript:, ftp:, data:), a missing or empty host, a host with
// characters no host name has, a bad port.
//
// What changes:
//  - scheme and host in lower case (ASCII letters only: non-ASCII bytes of an international
//    host are left as they are, not converted to punycode); a trailing dot on the host goes;
//  - userinfo ("user:password@") goes: it names no page, and a canonical URL is stored and
//    shown in places a password must not reach;
//  - the default port goes (:80 for http, :443 for https), leading zeros in a port go;
//  - the fragment goes;
//  - percent-escapes: hex digits in upper case ("%c3%a9" -> "%C3%A9"), escapes of unreserved
//    characters decoded ("%41" -> "A", "%7E" -> "~"), a '%' that starts no escape becomes
//    "%25"; space, control characters, non-ASCII bytes and "<>\"`{|}^" are escaped;
//  - path: backslashes read as slashes (as browsers do for http), dot segments removed
//    ("/a/./b/../c" -> "/a/c"), an empty path becomes "/"; a trailing slash stays as given;
//  - the rules' host_aliases moved onto their host, their drop_path_prefixes dropped;
//  - query: tracking parameters dropped, then the rules' drop_params and keep_params applied,
//    the rest sorted by name then value (stable, byte order), empty "&&" pieces and an empty
//    '?' dropped. '+' is left alone (it may or may not mean a space to the site).
//
// Tracking parameters (names matched without regard to ASCII case): utm_* (any name starting
// "utm_"), fbclid, gclid, dclid, gbraid, wbraid, msclkid, mc_cid, mc_eid, yclid, _ga, _gl,
// igshid, ref_src, ref_url, cmpid, ncid, ocid, sr_share, spm, __twitter_impression,
// at_medium, at_campaign, xtor, smid, ito.
//
// AMP folding (when rules.fold_amp):
//  - Google AMP cache: "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/p"
//    -> "https://www.example.com/p" (also /v/, /i/, /r/ and http without "s/"; the cache's
//    own amp_js_v, amp_gsa, usqp parameters dropped), and Google's AMP viewer
//    "https://www.google.com/amp/s/www.example.com/p" alike; when what they wrap is not an
//    http(s) URL, or is wrapped more than twice over, the result is nullopt;
//  - host prefix "amp." ("amp.example.com" -> "example.com");
//  - a last path segment "amp" ("/story/amp" -> "/story", "/story/amp/" -> "/story/");
//  - ".amp" and ".amp.html" suffixes ("story.amp" -> "story", "story.amp.html" ->
//    "story.html");
//  - query parameters amp (empty, "1" or "true") and outputType=amp.
//
// Idempotent: CanonicalUrl(*CanonicalUrl(u)) == CanonicalUrl(u). Time and memory are linear
// in the URL's length, apart from sorting the query parameters.
std::optional<std::string> CanonicalUrl(std::string_view url, const UrlRules& rules = {});

}  // namespace copydesk::text

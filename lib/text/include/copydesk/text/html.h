// HTML pages and fragments to blocks, with a real HTML5 parser (gumbo): entities decoded,
// scripts, navigation, share bars, cookie notices and other page furniture left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "copydesk/text/blocks.h"

namespace copydesk::text {

struct HtmlDocument {
  std::vector<Block> blocks;  // the article's when the page marks one with <article>
  std::string title;          // <title>
  std::string og_title;       // <meta property="og:title">
  std::string lang;           // <html lang>
  std::string canonical_url;  // <link rel="canonical">
};

// Parses once and collects everything. Left out entirely: script, style, noscript, template,
// iframe, svg, canvas, form and form controls, nav, aside, footer, a header without a
// heading, media (img, picture, video, audio, object, embed), amp-* elements, anything
// hidden (hidden, aria-hidden="true"), and elements whose class or id has a segment
// (split on space, '-' and '_') naming furniture: share, social, cookie(s), consent,
// newsletter, subscribe, related, advert, ad, ads, promo, breadcrumb(s), comments, sidebar,
// menu, nav. A figcaption becomes a kCaption block, for the cleaner to drop. <br> is a space.
// The traversal is iterative: nesting depth costs no stack.
HtmlDocument ParseHtml(std::string_view html);

}  // namespace copydesk::text

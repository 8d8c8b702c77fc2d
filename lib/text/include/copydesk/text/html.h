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
  std::string title;          // <title>, whitespace collapsed
  std::string og_title;       // <meta property="og:title"> (or name="og:title") content
  std::string lang;           // <html lang>, as written
  std::string canonical_url;  // <link rel="canonical"> href, as written (not resolved)
};

// Parses once and collects everything. Any bytes are accepted (gumbo replaces invalid UTF-8
// with U+FFFD); the tree is read iteratively, so nesting depth costs no stack.
//
// Which part of the page: when it has <article> elements (outside furniture), the one with
// the most non-link text, if it has at least 200 bytes of it (less is a teaser); otherwise
// the <body>. When the article has no <h1> of its own, the page's first <h1> outside
// furniture comes first, as the headline.
//
// Blocks: h1..h6 -> kHeading (level 1..6); li -> kListItem; blockquote -> kQuote;
// figcaption and table caption -> kCaption (for the cleaner to drop); pre, listing, xmp ->
// kPreformatted (whitespace kept); p, div, section, td, dd and the other block containers ->
// kParagraph, their direct text making one paragraph between their child blocks. A paragraph
// inside a quote, list item or caption takes that kind. Inside a text block, runs of HTML
// whitespace become one space and the ends are trimmed (NBSP and other Unicode spaces are
// text, left to NormaliseText). One <br> is a space; two or more in a row end the paragraph
// ("text<br><br>text" is two). Blocks with nothing visible are dropped. link_only: every
// non-space byte of the block is inside <a>.
//
// Left out with everything in them:
//  - head, script, style, noscript, template, iframe, frameset, noframes, noembed, svg, math,
//    canvas, button, select, input, textarea, datalist, output, nav, aside, footer, menu,
//    title (outside head), img, picture, video, audio, object, embed, applet, map, dialog;
//  - amp-* elements (amp-img, amp-ad, amp-analytics...), except amp-fit-text and
//    amp-accordion, which hold text;
//  - in a <figure>, everything but its figcaption (the image, its credits, embeds);
//  - a <header> without an h1 or h2 that has non-link text (a page header: logo, menu);
//    an article's header with its headline stays;
// and, unless the element holds at least half of the non-link text of the part read and
// has an h1/h2 headline or at least 3 paragraphs with text (then it is the story's
// container, whatever it is called: "<div class="page menu-open">"):
//  - <form> (some sites wrap the whole page in one);
//  - elements with the hidden attribute, aria-hidden="true" or role="navigation";
//  - elements other than phrasing ones (a, span, b, em, time...) whose class or id has a
//    segment (split on spaces, '-' and '_'; any case) among: share, sharing, social, cookie,
//    cookies, consent, newsletter, subscribe, related, advert, advertisement, adverts, ad,
//    ads, adslot, promo, breadcrumb, breadcrumbs, comments, sidebar, menu, nav, navbar,
//    navigation, taboola, outbrain, popup, modal. "share-bar", "ad-slot", "inline-related"
//    match; "header-title", "shared", "shareholders" do not.
//
// Pathological markup (thousands of nested elements, thousands of attributes on one tag)
// is bounded before gumbo reads it, so that time stays near linear: elements nested past
// 512 deep, formatting elements past 64 left open and attributes past 256 on a tag are cut,
// their text kept.
HtmlDocument ParseHtml(std::string_view html);

// ParseHtml(html).blocks.
std::vector<Block> HtmlToBlocks(std::string_view html);

}  // namespace copydesk::text

// Datelines: the "GENEVA, April 16 (Reuters) -" that opens a wire story, in the forms of
// English, French, Spanish, German, Portuguese, Italian, Dutch, Russian, Turkish and Arabic
// wires.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "copydesk/text/date.h"

namespace copydesk::text {

struct Dateline {
  std::string place;   // "GENEVA", "Téhéran", "GROSSETO, Italy" as written
  std::string agency;  // "Reuters", "RHC", "dpa"; empty when the dateline names none
  std::optional<UnixMillis> date;  // midnight UTC of the day named, when one is
  size_t length = 0;  // bytes of the paragraph the dateline takes, separator included
};

// Recognises a dateline at the start of `paragraph`. A date without a year takes the year
// of `reference` (the item's timestamp), moved back one year when that would put the
// dateline more than a month after the reference.
//
// Accepted shapes (PLACE is one to five capitalised words; DATE is a day and a month name
// or abbreviation in either order, with an optional year; SEP is -, --, –, —, .- or :):
//   PLACE[, REGION][, DATE] (AGENCY)[ SEP]     "MADRID, 16 abr (EFE).-", "BERLIN (dpa) -"
//   PLACE, DATE SEP                             "LONDON, April 16 -"
//   (AGENCY) SEP PLACE[, DATE] SEP              "(ANSA) - VENEZIA, 16 APR -"
std::optional<Dateline> ParseDateline(std::string_view paragraph,
                                      std::optional<UnixMillis> reference);

}  // namespace copydesk::text

// Guesses whether a body given without a declared format is HTML, Markdown or plain text.
#pragma once

#include <string_view>

#include "copydesk/wire/raw_item.h"

namespace copydesk::wire {

ContentFormat DetectContentFormat(std::string_view body);

}  // namespace copydesk::wire

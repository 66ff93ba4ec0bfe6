#pragma once

#include "model/event.h"

#include <string>

namespace stackdeck {

// The normalised Event as protocol JSON (what `stackdeck-cli show` prints):
// canonical forms only (values wrappers, tags as pairs, logentry, ISO 8601
// UTC timestamps, hex addresses). decodeEvent() of the output gives the same
// Event back, except EventShape (always Protocol). Every string is escaped by
// the JSON writer; invalid UTF-8 is written as U+FFFD, never passed through.
std::string encodeEventJson(const Event& event, bool pretty = false);

} // namespace stackdeck

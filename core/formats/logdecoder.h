#pragma once

#include "model/logrecord.h"

#include <simdjson.h>
#include <vector>

namespace stackdeck {

// The entries of a `log` container ({"version": 2, "items": [...]}). Entries
// that are not objects are skipped.
std::vector<LogRecord> decodeLogItems(simdjson::dom::array items);
LogRecord decodeLogRecord(simdjson::dom::element item);

} // namespace stackdeck

#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <cstdint>

namespace stackdeck::store {

// Sentry's rules (core/triage/reevaluation.h) applied to what arrived since
// the last call: the releases table learns the new events' releases, every
// resolved or ignored issue that got events is re-evaluated, and so is every
// issue whose "ignored until" time has passed. An issue that comes back is
// unresolved with a substatus (regressed, escalating, ongoing) and an
// activity row saying why, written by "Stackdeck". Idempotent and
// crash-safe: what was looked at is remembered in meta.triage_event_mark in
// the same transaction. Own transaction; returns how many issues came back.
// The importer calls it after each committed batch; call it on open too, for
// time conditions. `now` in microseconds (0: the clock).
Result<std::int64_t> reevaluateTriage(sql::Database& db, std::int64_t now = 0);

// The author of activity rows the workspace writes by itself.
inline constexpr const char* kSystemAuthor = "Stackdeck";

} // namespace stackdeck::store

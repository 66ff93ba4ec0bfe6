#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <cstdint>
#include <string_view>

namespace stackdeck::store {

// Sentry's rules (core/triage/reevaluation.h) applied to what arrived since
// the last call: the releases table learns the new events' releases, every
// resolved or ignored issue that got events is re-evaluated, and so is every
// issue whose "ignored until" time has passed. An issue that comes back is
// unresolved with a substatus (regressed, escalating, ongoing) and an
// activity row saying why, written by "Stackdeck". Idempotent and
// crash-safe: what was looked at is remembered in meta.triage_event_mark in
// the same transaction. Own transaction; returns how many issues came back.
// The importer calls it after each committed batch; the window (on a worker)
// and the CLI's `issues` call it when they open a workspace, for the time
// conditions that passed while it was closed. `now` in microseconds (0: the
// clock); `occasion`, when given, ends each activity row's text in
// parentheses ("noticed when the workspace was opened").
Result<std::int64_t> reevaluateTriage(sql::Database& db, std::int64_t now = 0, std::string_view occasion = {});

// The author of activity rows the workspace writes by itself.
inline constexpr const char* kSystemAuthor = "Stackdeck";

} // namespace stackdeck::store

#pragma once

#include "model/event.h"

namespace stackdeck {

// The parts of Relay's store normalisation that change what an event means
// (docs/grouping-algorithm.md §14): a lone top-level stack trace moves into its
// exception, "Type: value" splits when the type is missing, `logentry` is
// rendered from its template and params and deduplicated. Idempotent.
void normalizeEvent(Event& event);

// Relay's inference for events that do not say what they are.
EventType inferEventType(const Event& event);

// Python %-style formatting the way Relay renders logentry templates:
// positional %s/%d/... with an array, %(name)s with an object.
std::string formatLogTemplate(const std::string& templ, const RawJson& params);

} // namespace stackdeck

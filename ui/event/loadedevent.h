#pragma once

#include "model/event.h"
#include "store/eventqueries.h"
#include "store/workspacesession.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <nlohmann/json.hpp>

namespace stackdeck::ui {

// Everything the event panes show for one event, read and decoded off the
// GUI thread and then shared read-only.
struct LoadedEvent {
    store::EventRow row;
    Event event;
    std::string rawJson; // the stored original, verbatim
    std::string itemType;
    nlohmann::ordered_json meta; // parsed `_meta` (null when none)
    std::int64_t position = 0; // 1-based, oldest first
    std::int64_t total = 0;
    QString error;
    double loadMs = 0;
};
using LoadedEventPtr = std::shared_ptr<const LoadedEvent>;

enum class EventStep { Exact, Oldest, Previous, Next, Latest };

// Synchronous, on a reader of the session (call it on a worker): resolves the
// step within the issue and loads that event the way `stackdeck-cli show` does
// (store::loadStoredEvent), so both show the same event.
LoadedEventPtr loadEvent(store::WorkspaceSession& session, IssueId issue, EventRowId from, EventStep step);

} // namespace stackdeck::ui

Q_DECLARE_METATYPE(stackdeck::ui::LoadedEventPtr)

#include "loadedevent.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "store/storedevent.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace stackdeck::ui {

LoadedEventPtr loadEvent(store::WorkspaceSession& session, IssueId issue, EventRowId from, EventStep step)
{
    QElapsedTimer timer;
    timer.start();
    auto out = std::make_shared<LoadedEvent>();
    auto reader = session.reader();
    if (!reader) {
        out->error = QCoreApplication::translate("LoadedEvent", "Cannot open the workspace: %1")
                         .arg(qs(reader.error().message));
        return out;
    }
    sql::Database& db = reader->db();
    try {
        std::optional<store::EventRow> row;
        std::optional<store::EventRow> current = from.isValid() ? store::eventByRow(db, from) : std::nullopt;
        switch (step) {
        case EventStep::Exact:
            row = current;
            break;
        case EventStep::Oldest:
            row = store::boundaryEventInIssue(db, issue, false);
            break;
        case EventStep::Latest:
            row = store::boundaryEventInIssue(db, issue, true);
            break;
        case EventStep::Previous:
        case EventStep::Next:
            if (current)
                row = store::adjacentEventInIssue(db, *current, step == EventStep::Next);
            if (!row)
                row = current;
            break;
        }
        if (!row) {
            out->error = QCoreApplication::translate("LoadedEvent", "This issue has no stored events.");
            return out;
        }
        out->row = *row;
        if (row->issue.isValid()) {
            out->position = store::eventPositionInIssue(db, *row);
            out->total = store::countEvents(db, row->issue);
        }
        auto stored = store::loadStoredEvent(db, *row); // as `stackdeck-cli show` reads it
        if (!stored) {
            out->error = QCoreApplication::translate("LoadedEvent", "The stored event could not be read: %1")
                             .arg(qs(stored.error().message));
            return out;
        }
        out->rawJson = std::move(stored->payload.json);
        out->itemType = std::move(stored->payload.itemType);
        out->event = std::move(stored->event);
        if (!out->event.meta.isNull()) {
            out->meta = parseJson(out->event.meta);
            if (out->meta.is_discarded())
                out->meta = nullptr;
        }
    } catch (const std::exception& e) {
        out->error = QCoreApplication::translate("LoadedEvent", "Reading the event failed: %1")
                         .arg(QString::fromUtf8(e.what()));
    }
    out->loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace stackdeck::ui

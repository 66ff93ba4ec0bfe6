#include "loadedevent.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "formats/eventdecoder.h"

#include <QElapsedTimer>

namespace stackdeck::ui {

LoadedEventPtr loadEvent(sql::Database& db, IssueId issue, EventRowId from, EventStep step)
{
    QElapsedTimer timer;
    timer.start();
    auto out = std::make_shared<LoadedEvent>();
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
            out->error = QStringLiteral("This issue has no stored events.");
            return out;
        }
        out->row = *row;
        if (row->issue.isValid()) {
            out->position = store::eventPositionInIssue(db, *row);
            out->total = store::countEvents(db, row->issue);
        }
        auto payload = store::loadPayload(db, row->row);
        if (!payload) {
            out->error = QStringLiteral("The stored payload could not be read: ") + qs(payload.error().message);
            return out;
        }
        out->rawJson = std::move(payload->json);
        out->itemType = std::move(payload->itemType);
        auto decoded = decodeEventJson(out->rawJson);
        if (!decoded) {
            out->error = QStringLiteral("The stored payload is not a readable event: ") + qs(decoded.error().message);
            return out;
        }
        out->event = std::move(decoded).value();
        if (!out->event.meta.isNull()) {
            out->meta = parseJson(out->event.meta);
            if (out->meta.is_discarded())
                out->meta = nullptr;
        }
    } catch (const std::exception& e) {
        out->error = QStringLiteral("Reading the event failed: ") + QString::fromUtf8(e.what());
    }
    out->loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace stackdeck::ui

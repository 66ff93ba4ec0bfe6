#pragma once

#include "loadedevent.h"

#include <QWidget>

namespace stackdeck::ui {

// One tab of the event view. Panes are filled lazily: the view hands every
// pane the event, but a pane builds its widgets only when it is shown.
class EventPane : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual QString paneName() const = 0; // "exception", "request"... for --pane and settings
    virtual QString title() const = 0;
    virtual bool hasContent(const LoadedEvent& event) const = 0;
    virtual void populate(const LoadedEvent& event) = 0;
    virtual void activateFind() { }

Q_SIGNALS:
    void tagClicked(const QString& key, const QString& value);
};

} // namespace stackdeck::ui

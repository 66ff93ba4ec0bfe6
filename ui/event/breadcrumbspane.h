#pragma once

#include "eventpane.h"

class QTableView;
class QComboBox;
class QLineEdit;
class QCheckBox;
class QLabel;
class QSortFilterProxyModel;
class QMenu;

namespace stackdeck::ui {

class BreadcrumbModel;
class BreadcrumbFilterProxy;
class EventNotes;
class NoteMarkerDelegate;

// Breadcrumbs as a table, filtered by minimum level, category and text.
class BreadcrumbsPane : public EventPane {
    Q_OBJECT
public:
    explicit BreadcrumbsPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("breadcrumbs"); }
    QString title() const override { return QStringLiteral("Breadcrumbs"); }
    bool hasContent(const LoadedEvent& event) const override { return !event.event.breadcrumbs.empty(); }
    void populate(const LoadedEvent& event) override;
    void activateFind() override;

    BreadcrumbModel* model() const { return m_model; }
    BreadcrumbFilterProxy* filterProxy() const { return m_filter; }
    QSortFilterProxyModel* textProxy() const { return m_text; }
    QTableView* view() const { return m_view; }
    QComboBox* levelBox() const { return m_level; }
    QComboBox* categoryBox() const { return m_category; }
    QLineEdit* searchField() const { return m_search; }
    QCheckBox* relativeBox() const { return m_relative; }
    // The event's notes: a marker on each breadcrumb row with a note, "Add note…" on a row's menu.
    void setNotes(EventNotes* notes);
    NoteMarkerDelegate* noteMarkers() const { return m_markers; }
    // The breadcrumb index a row of view() shows (as the event lists them), or -1.
    qint64 breadcrumbIndex(const QModelIndex& viewIndex) const;
    // The context menu of a row (null off a row); the caller owns it.
    QMenu* contextMenuFor(const QModelIndex& viewIndex);

private:
    void updateCount();
    BreadcrumbModel* m_model;
    BreadcrumbFilterProxy* m_filter;
    QSortFilterProxyModel* m_text;
    QTableView* m_view;
    QComboBox* m_level;
    QComboBox* m_category;
    QLineEdit* m_search;
    QCheckBox* m_relative;
    QLabel* m_count;
    EventNotes* m_notes = nullptr;
    NoteMarkerDelegate* m_markers;
};

} // namespace stackdeck::ui

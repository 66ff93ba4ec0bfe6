#pragma once

#include "store/workspacesession.h"

#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace stackdeck::ui {

class ComparisonView;
class TraceListModel;
class TraceView;

// The "Traces" page: the trace list (search with the trace search language,
// sort by start or duration) beside the selected trace's waterfall, or the
// comparison of the two selected traces.
class TracesPage : public QWidget {
    Q_OBJECT
public:
    explicit TracesPage(QWidget* parent = nullptr);

    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // "Open trace" from an error: the trace with the error's span selected.
    void openTrace(const QString& traceId, const QString& spanId = {});
    void compareSelected();

    TraceListModel* listModel() const { return m_model; }
    QTreeView* list() const { return m_list; }
    TraceView* traceView() const { return m_view; }
    ComparisonView* comparisonView() const { return m_compare; }
    QLineEdit* searchField() const { return m_search; }
    // "Assembling traces: N of M…" while the list's marked traces are assembled.
    QLabel* assemblyStatus() const { return m_assemblyStatus; }

Q_SIGNALS:
    void openEventRequested(const QString& eventId);

private:
    void applyQuery();
    void updateCompareButton();
    void rememberSelection();
    void restoreSelection();

    TraceListModel* m_model;
    QLineEdit* m_search;
    QLabel* m_searchError;
    QLabel* m_assemblyStatus;
    QTreeView* m_list;
    QPushButton* m_compareButton;
    QStackedWidget* m_stack;
    TraceView* m_view;
    ComparisonView* m_compare;
    // Kept through a refresh of the list's first page while traces are assembled.
    struct KeptSelection {
        QStringList selected;
        QString current;
        int scroll = 0;
    };
    std::optional<KeptSelection> m_kept;
    bool m_restoring = false;
};

} // namespace stackdeck::ui

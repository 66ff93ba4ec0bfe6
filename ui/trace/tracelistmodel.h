#pragma once

#include "itemmodels/tablemodelbase.h"
#include "store/tracequeries.h"
#include "store/workspacesession.h"

#include <QString>

#include <memory>

namespace stackdeck::ui {

// Every trace of the workspace (the derived `traces` table), in keyset pages
// read on a worker: a free-text search that matches nothing scans the table
// (hundreds of milliseconds on 200,000 traces), so no page is read on the GUI
// thread. Sorted by start (newest first) or duration (longest first), the two
// orders the table is indexed for; searched with the trace search language.
class TraceListModel : public TableModelBase<trace::TraceSummary> {
    Q_OBJECT
public:
    enum Column { RootColumn, DurationColumn, SpansColumn, ErrorsColumn, ServicesColumn, StartColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, TraceIdRole };
    static constexpr int kPageSize = 100;

    explicit TraceListModel(QObject* parent = nullptr);

    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null empties the model
    // Parses `query` (trace:ID op: service: project: has:error duration:>500ms words)
    // and reloads; a query that does not parse leaves the rows and says why.
    bool setQuery(const QString& query, QString* error = nullptr);
    void reload();
    bool isLoading() const { return m_inFlight; }
    store::TraceSort traceSort() const { return m_sort; }
    int rowOfTrace(const std::string& traceId) const;

    void sort(int column, Qt::SortOrder order) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void loaded(); // a reload's first page is in
    void queryFailed(const QString& message);

protected:
    QStringList headers() const override;
    QVariant cell(const trace::TraceSummary& row, int column, int role) const override;

private:
    void readPage(bool append);

    std::shared_ptr<store::WorkspaceSession> m_session;
    trace::TraceFilter m_filter;
    store::TraceSort m_sort = store::TraceSort::Start;
    bool m_atEnd = true;
    bool m_inFlight = false;
    quint64 m_generation = 0; // bumped by every reload: pages of an older one are dropped
};

} // namespace stackdeck::ui

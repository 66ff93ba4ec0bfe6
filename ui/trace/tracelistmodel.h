#pragma once

#include "itemmodels/tablemodelbase.h"
#include "store/tracequeries.h"
#include "store/workspacesession.h"

#include <QFuture>
#include <QString>

#include <memory>
#include <optional>

namespace stackdeck::ui {

// Every trace of the workspace (the derived `traces` table), in keyset pages
// read on a worker: a free-text search that matches nothing scans the table
// (hundreds of milliseconds on 200,000 traces), so no page is read on the GUI
// thread. Sorted by start (newest first) or duration (longest first), the two
// orders the table is indexed for; searched with the trace search language.
//
// Traces an import only marked are assembled on the same worker, a chunk per
// writer lease, before the final first page; meanwhile the first page is read
// again after the first chunk and then every refresh interval, so rows show
// long before a big import's traces are all assembled (those still marked
// come flagged Pending), and assemblyProgress says how far it is.
class TraceListModel : public TableModelBase<trace::TraceSummary> {
    Q_OBJECT
public:
    enum Column { RootColumn, DurationColumn, SpansColumn, ErrorsColumn, ServicesColumn, StartColumn, NUM_COLUMNS };
    enum Role { SortRole = Qt::UserRole + 1, TraceIdRole };
    static constexpr int kPageSize = 100;

    explicit TraceListModel(QObject* parent = nullptr);
    ~TraceListModel() override;

    void setSession(std::shared_ptr<store::WorkspaceSession> session); // null empties the model
    // Parses `query` (trace:ID op: service: project: has:error duration:>500ms words)
    // and reloads; a query that does not parse leaves the rows and says why.
    bool setQuery(const QString& query, QString* error = nullptr);
    void reload();
    bool isLoading() const { return m_inFlight; }
    bool isAssembling() const { return m_assembling; }
    // True while a page of the current reload replaces an earlier one of the
    // same reload (between modelAboutToBeReset and modelReset): views keep
    // their selection and scroll through it.
    bool isRefreshing() const { return m_refreshing; }
    // Traces assembled per writer lease (1,000) and the least time between two
    // reads of the first page while assembling (250 ms); small values keep
    // tests fast. Take effect at the next reload.
    void setAssemblyChunk(int traces) { m_chunk = traces > 0 ? traces : 1; }
    void setRefreshInterval(int ms) { m_refreshMs = ms >= 0 ? ms : 0; }
    store::TraceSort traceSort() const { return m_sort; }
    int rowOfTrace(const std::string& traceId) const;

    void sort(int column, Qt::SortOrder order) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void loaded(); // a reload's first page is in (after the marked traces are assembled)
    // `done` of `total` marked traces assembled; after every chunk of a reload
    // that found marked traces, the last one with done == total.
    void assemblyProgress(qint64 done, qint64 total);
    void queryFailed(const QString& message);

protected:
    QStringList headers() const override;
    QVariant cell(const trace::TraceSummary& row, int column, int role) const override;

public:
    // What the first page's worker reports: progress, and a page read after a
    // chunk (or the final one, with `final`).
    struct FirstPageUpdate {
        qint64 done = 0;
        qint64 total = 0;
        bool final = false;
        std::optional<Result<std::vector<trace::TraceSummary>>> page;
    };

private:
    void readNextPage();
    void readFirstPage();
    void applyUpdate(FirstPageUpdate update, quint64 generation);

    std::shared_ptr<store::WorkspaceSession> m_session;
    trace::TraceFilter m_filter;
    store::TraceSort m_sort = store::TraceSort::Start;
    bool m_atEnd = true;
    bool m_inFlight = false;
    quint64 m_generation = 0; // bumped by every reload: pages of an older one are dropped
    bool m_assembling = false;
    bool m_refreshing = false;
    bool m_shownThisReload = false;
    int m_chunk = 1000;
    int m_refreshMs = 250;
    QFuture<FirstPageUpdate> m_firstPage; // canceled by a newer reload: it stops after its chunk
};

} // namespace stackdeck::ui

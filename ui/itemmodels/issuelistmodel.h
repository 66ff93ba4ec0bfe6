#pragma once

#include "model/issue.h"
#include "store/issuequeries.h"
#include "store/summaryqueries.h"
#include "store/workspacesession.h"
#include "tablemodelbase.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QIcon>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace stackdeck::ui {

struct IssueRow {
    Issue issue;
    store::Sparkline trend {};
};

// The issue list: lazy keyset pages from the materialised issues table,
// sorted server-side (every column maps to an IssueSort). The pages after the
// loaded rows (with their sparklines) are read ahead on a worker, on a reader
// of the workspace session. fetchMore never waits for it: when nothing is read
// ahead yet, the rows are appended once the worker's page lands.
//
// reload() reads the first page on the GUI thread (on a session reader): it is
// a bounded, indexed keyset read (kPageSize rows in the order of an index on
// the sort column, and the newest activity for the sparklines, one indexed
// MAX) that the view needs before it can keep its selection, and it costs a
// few milliseconds on a million issues (the window bench measures it). The
// total count is not bounded (under a filter it visits every matching issue):
// it runs on a session reader on a worker, tagged with the reload it belongs
// to; a newer reload drops an older count. Until it lands, totalCount() is -1
// (isCounting()), and totalCounted() says when it is known.
class IssueListModel : public TableModelBase<IssueRow> {
    Q_OBJECT
public:
    enum Column {
        LevelColumn,
        TitleColumn,
        TrendColumn,
        EventsColumn,
        UsersColumn,
        FirstSeenColumn,
        LastSeenColumn,
        StatusColumn,
        AssigneeColumn,
        NUM_COLUMNS
    };
    enum Role { SortRole = Qt::UserRole + 1, IssueIdRole, CulpritRole, TrendRole, LevelRole, TrendEndRole };
    static constexpr int kPageSize = 100;

    explicit IssueListModel(QObject* parent = nullptr);
    ~IssueListModel() override;

    // Null empties the model.
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // `filter` walks issues in page order; `countFilter` selects the same issues planned for counting all of them.
    void setFilter(const SqlFilter& filter, const SqlFilter& countFilter);
    const SqlFilter& filter() const { return m_filter; }
    const SqlFilter& countFilter() const { return m_countFilter; }
    // Re-reads the rows that are loaded (at least one page), e.g. while an import
    // adds events; the view keeps its selection through issueRow().
    void reload();
    // -1 while the count of the last reload is still running.
    std::int64_t totalCount() const { return m_total; }
    bool isCounting() const { return m_count.isValid(); }
    // Blocks until the count in flight (if any) has landed, as if the event loop had run; for tests and the bench.
    void waitForCount();
    int rowOfIssue(IssueId id) const;
    IssueId issueAt(int row) const;
    store::IssueSort currentSort() const { return m_sort; }
    bool descending() const { return m_descending; }
    // Milliseconds the last page query took (figures for the status bar and bench).
    double lastPageMs() const { return m_lastPageMs; }

    static store::IssueSort sortForColumn(int column);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Appends the next page now, waiting for the worker if it has to (code that
    // needs the rows at once: selecting an issue further down, tests).
    void fetchMoreNow();
    // Rows read ahead of the loaded ones, not yet in the model (figures for tests and the bench).
    int readAheadRows() const { return static_cast<int>(m_ahead.size()); }
    // Blocks until the read-ahead in flight (if any) has landed, as if the event loop had run; for tests.
    void waitForReadAhead();
    // True while a fetchMore waits for the worker's page.
    bool isFetching() const { return m_appendWhenReady; }

    // One page with its sparklines, read on either thread.
    struct Page {
        std::vector<IssueRow> rows;
        std::optional<store::IssueCursor> next;
        std::string error;
        double ms = 0;
    };

Q_SIGNALS:
    void reloaded();
    void totalCounted(); // totalCount() is known for the current rows
    void queryFailed(const QString& message);

protected:
    QStringList headers() const override;
    QVariant cell(const IssueRow& row, int column, int role) const override;

private:
    store::IssueListRequest pageRequest(const std::optional<store::IssueCursor>& after, int limit) const;
    std::vector<IssueRow> loadPage(store::WorkspaceSession::Reader& reader,
        const std::optional<store::IssueCursor>& after, int limit, std::optional<store::IssueCursor>& next);
    void dropReadAhead();
    bool startReadAhead(); // true when a read-ahead is in flight afterwards
    void takeReadAhead();
    void appendPage(bool waitForWorker);
    void onReadAheadLanded();
    void startCount();
    void onCountLanded();

    std::shared_ptr<store::WorkspaceSession> m_session;
    SqlFilter m_filter;
    SqlFilter m_countFilter;
    store::IssueSort m_sort = store::IssueSort::LastSeen;
    bool m_descending = true;
    std::optional<store::IssueCursor> m_next;
    bool m_atEnd = true;
    std::int64_t m_total = 0;
    Micros m_now = 0;
    Micros m_trendEnd = 0;
    double m_lastPageMs = 0;
    std::array<QIcon, 5> m_levelIcons;
    std::array<QIcon, 3> m_statusIcons;

    std::vector<IssueRow> m_ahead; // read after the model's rows; m_next is the cursor after them
    QThreadPool m_pool; // one thread: one read-ahead at a time
    QFuture<Page> m_readAhead;
    QFutureWatcher<Page> m_readAheadWatch;
    bool m_appendWhenReady = false; // a fetchMore came while the worker was still reading
    quint64 m_generation = 0; // bumped whenever the rows are re-read; stale read-aheads are dropped
    quint64 m_readAheadGeneration = 0;

    struct Count {
        quint64 generation = 0;
        std::int64_t total = 0;
        std::string error;
    };
    QFuture<Count> m_count;
    QFutureWatcher<Count> m_countWatch;
    quint64 m_countGeneration = 0; // bumped by every reload; a count of an older one is dropped
    // The same, for the workers: a count queued behind a newer reload does not run at all.
    std::shared_ptr<std::atomic<quint64>> m_latestCount = std::make_shared<std::atomic<quint64>>(0);
    QThreadPool m_countPool;
};

// displayTitle() as one line; "<untitled>" when there is none.
QString titleText(const Issue& issue);
QString levelText(Level level);
QString statusText(IssueStatus status);
QIcon levelIcon(Level level);
QIcon statusIcon(IssueStatus status);

} // namespace stackdeck::ui

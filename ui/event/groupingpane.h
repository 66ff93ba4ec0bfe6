#pragma once

#include "eventpane.h"
#include "groupingexplanation.h"

class QCheckBox;
class QLabel;
class QTreeView;

namespace stackdeck::ui {

class GroupingTreeModel;
class ContributingFilter;

// "Event grouping information": the event grouped again with its project's
// rules, every variant with its hash and why it does or does not
// contribute, the component trees, and the hashes the event is stored under
// next to the computed ones.
class GroupingPane : public EventPane {
    Q_OBJECT
public:
    explicit GroupingPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("grouping"); }
    QString title() const override { return QStringLiteral("Grouping"); }
    bool hasContent(const LoadedEvent& event) const override;
    void populate(const LoadedEvent& event) override;

    // Where the project rules come from; empty: built-in rules only.
    void setSession(std::shared_ptr<store::WorkspaceSession> session) { m_session = std::move(session); }
    bool isComputing() const { return m_computing; }
    const GroupingExplanation& grouping() const { return m_grouping; }

    GroupingTreeModel* model() const { return m_model; }
    ContributingFilter* filter() const { return m_filter; }
    QTreeView* view() const { return m_view; }
    QCheckBox* showNonContributing() const { return m_showAll; }
    QString summaryText() const;
    QString hashesText() const;
    QString detailText() const; // the current row in full: values, contributes, hint

Q_SIGNALS:
    void computed();

private:
    void showGrouping(GroupingExplanation grouping);
    void expandContributing();
    void showDetail(const QModelIndex& index);

    std::shared_ptr<store::WorkspaceSession> m_session; // null: built-in rules only
    quint64 m_job = 0;
    bool m_computing = false;
    GroupingExplanation m_grouping;
    store::EventRow m_row;
    std::vector<std::string> m_serverHashes;
    QLabel* m_summary;
    QLabel* m_hashes;
    QLabel* m_detail;
    QCheckBox* m_showAll;
    GroupingTreeModel* m_model;
    ContributingFilter* m_filter;
    QTreeView* m_view;
};

// How the hashes the event is stored under compare with the computed ones;
// `differs` is set when they disagree.
QString hashComparison(const store::EventRow& row, const std::vector<std::string>& serverHashes,
    const grouping::GroupingResult& computed, bool* differs = nullptr);

} // namespace stackdeck::ui

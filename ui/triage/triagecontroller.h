#pragma once

#include "model/ids.h"
#include "store/sqlfilter.h"
#include "store/triageactions.h"
#include "store/workspacesession.h"
#include "triagerunner.h"

#include <QObject>
#include <QPointer>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class QAbstractItemView;
class QAction;
class QMenu;
class QWidget;

namespace stackdeck::ui {

// Keyboard and bulk triage over an issue list view: the actions (with their
// keys: e resolve, i ignore, u unresolve, a assign, b bookmark, x toggle the
// row in the selection, Shift+J/K extend the selection, Ctrl+Z undo), the
// triage menu they make (context menu, issue header, main menu), "select all
// N matching" and the selection and scroll position kept across an action.
// The work runs on TriageRunner's worker.
class TriageController : public QObject {
    Q_OBJECT
public:
    enum ActionId {
        Resolve,
        ResolveInNextRelease,
        ResolveInRelease,
        Ignore,
        Unresolve,
        Assign,
        Unassign,
        Bookmark,
        ToggleSelection,
        ExtendDown,
        ExtendUp,
        SelectAllMatching,
        Undo,
        Merge,
        Unmerge,
        NUM_ACTIONS
    };

    // The actions become window shortcuts of `window` (typing in a line edit
    // still types: line edits take printable keys before shortcuts).
    explicit TriageController(QWidget* window);

    // The list to act on; `idRole` gives an issue id (qlonglong) on column 0 of each row.
    void attach(QAbstractItemView* view, int idRole);
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // The search the list shows (its count filter and total), for "select all N matching".
    void setMatching(const SqlFilter& countFilter, qint64 total);
    // Reloads the list after an action; the selection and scroll position are put back around it.
    void setRefresh(std::function<void()> refresh) { m_refresh = std::move(refresh); }

    QAction* action(ActionId id) const { return m_actions[static_cast<std::size_t>(id)]; }
    QMenu* menu() const { return m_menu; }
    QMenu* ignoreMenu() const { return m_ignoreMenu; }
    TriageRunner* runner() const { return m_runner; }

    std::vector<IssueId> selectedIssues() const; // the rows picked, in row order
    bool allMatchingSelected() const { return m_allMatching; }
    qint64 selectionCount() const; // counting every match when all matching are selected
    TriageTarget target() const;

    bool applyChange(const store::TriageChange& change);
    void resolve();
    void resolveInNextRelease();
    void resolveInRelease(const QString& release);
    void ignore(const triage::IgnoreConditions& conditions);
    void unresolve();
    void assign(const QString& name); // "" unassigns
    void toggleBookmark(); // bookmarks, or un-bookmarks when every issue covered is bookmarked
    void setPriority(triage::Priority priority);
    void toggleCurrentInSelection();
    void extendSelection(int delta);
    void selectAllMatching();
    void undo();
    void mergeSelected();
    void unmergeCurrent();

Q_SIGNALS:
    void selectionChanged(qint64 count, bool allMatching);
    void actionFinished(const QString& summary);
    void actionFailed(const QString& message);

private:
    QAction* make(ActionId id, const QString& text, const QKeySequence& key, std::function<void()> slot);
    void buildMenus();
    void updateActions();
    void onViewSelectionChanged();
    void keepSelectionThrough(const std::function<void()>& refresh);
    IssueId idAt(int row) const;
    void askRelease();
    void askAssignee();

    QWidget* m_window;
    QPointer<QAbstractItemView> m_view;
    int m_idRole = 0;
    TriageRunner* m_runner;
    std::array<QAction*, NUM_ACTIONS> m_actions {};
    QMenu* m_menu = nullptr;
    QMenu* m_ignoreMenu = nullptr;
    QMenu* m_priorityMenu = nullptr;
    std::function<void()> m_refresh;
    SqlFilter m_matching;
    qint64 m_matchingTotal = 0;
    bool m_allMatching = false;
    bool m_selecting = false; // our own selection changes do not end "all matching"
};

} // namespace stackdeck::ui

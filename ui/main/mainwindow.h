#pragma once

#include "import/importbackend.h"
#include "model/ids.h"
#include "theme.h"
#include "util/result.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <memory>

class QSplitter;
class QLabel;
class QProgressBar;
class QToolButton;
class QMenu;
class QAction;
class QTemporaryDir;

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

class Sidebar;
class IssueListView;
class IssueDetail;
class ImportController;
class ImportReportDialog;
class RulesDialog;
class TriageController;
class NotesPanel;
class SavedSearchesPanel;
class ExportDialog;

// The workbench window: sidebar | issue list | issue detail, menus, toolbar,
// status bar with background work, drag & drop import, persisted layout.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openWorkspace(const QString& path);
    QString workspacePath() const { return m_path; }
    void importFiles(const QStringList& paths);
    void importDemo();
    bool isImporting() const;
    bool workspaceIsEmpty() const; // as of the last count (on open, then after each refresh)
    std::shared_ptr<store::WorkspaceSession> session() const { return m_session; }
    bool isRefreshing() const { return m_totalsPending > 0; }

    Sidebar* sidebar() const { return m_sidebar; }
    IssueListView* issueList() const { return m_list; }
    IssueDetail* issueDetail() const { return m_detail; }
    ImportController* importer() const { return m_import; }
    ImportReportDialog* lastReport() const { return m_report; }
    QAction* action(const QString& objectName) const;
    // Project > Grouping rules…: for the current issue's project (or `project`).
    RulesDialog* openGroupingRules(const QString& project = {});
    QString statusText() const;
    TriageController* triage() const { return m_triage; }
    NotesPanel* notes() const { return m_notes; }
    SavedSearchesPanel* savedSearches() const { return m_savedSearches; }
    // File > Export report…, for the selection or the search (shown unless not interactive).
    ExportDialog* openExportDialog();

    // The sidebar, the totals, the list (selection and scroll kept) and the issue's counts again, read on
    // workers: after an import's batch, or what the local endpoint stored (ingestsetup.cpp).
    void refreshAll();
    void setTheme(ThemeMode mode);
    void setDetailBelow(bool below);
    void saveSettings() const;
    // "Copy as Markdown" of the current issue (with its latest event) or of the event shown; read on a worker.
    void copyIssueMarkdown();
    void copyEventMarkdown();
    void restoreSettings();
    // The first start's size (no saved geometry): 80% of the screen's available
    // area, at least 960x600 where the screen has it, at most 1920x1200, centred.
    static QSize firstStartSize(const QSize& available);
    // Resizes the window and shares its width between sidebar, list and detail for that size.
    void applyDefaultLayout(const QSize& size);
    // Dialogs stay closed (tests, screenshots): the report is built but not shown.
    void setInteractive(bool interactive) { m_interactive = interactive; }

Q_SIGNALS:
    void importFinished(const stackdeck::ui::ImportOutcome& outcome);
    void workspaceOpened(const QString& path);
    // A "Copy as Markdown" landed on the clipboard (error empty) or failed.
    void markdownCopied(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // Opens for writing; a workspace of an older schema migrates off the GUI thread behind a progress dialog.
    Result<std::shared_ptr<store::WorkspaceSession>> openOrUpgrade(const QString& path);
    struct Totals {
        std::int64_t issues = 0;
        std::int64_t events = 0;
        std::string error;
    };
    static Totals readTotals(store::WorkspaceSession& session);
    void showTotals(const Totals& totals);
    void buildActions();
    void buildMenus();
    void buildTriage(); // mainwindowtriage.cpp
    void updateCounts();
    void updateRecentMenu();
    void addRecent(const QStringList& paths);
    void onImportFinished(const ImportOutcome& outcome);
    void chooseFiles();
    void chooseWorkspace();
    void openDemoWorkspace();
    QAction* addAction(QMenu* menu, const QString& name, const QString& text, const QKeySequence& key, auto slot,
        const QString& icon = {});

    std::shared_ptr<store::WorkspaceSession> m_session;
    Totals m_totals;
    quint64 m_totalsJob = 0;
    int m_totalsPending = 0;
    QString m_path;
    Sidebar* m_sidebar;
    IssueListView* m_list;
    IssueDetail* m_detail;
    QSplitter* m_split;
    QSplitter* m_right;
    ImportController* m_import;
    QPointer<ImportReportDialog> m_report;
    QPointer<RulesDialog> m_rules;
    QPointer<ExportDialog> m_export;
    TriageController* m_triage = nullptr;
    NotesPanel* m_notes = nullptr;
    SavedSearchesPanel* m_savedSearches = nullptr;
    std::unique_ptr<QTemporaryDir> m_demoDir; // the demo files an import is reading
    QLabel* m_counts;
    QLabel* m_work;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    QTimer m_refreshTimer;
    ThemeMode m_theme = ThemeMode::System;
    bool m_detailBelow = false;
    bool m_interactive = true;
};

} // namespace stackdeck::ui

#pragma once

#include "exportjob.h"
#include "store/workspacesession.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QPushButton;
class QTableView;
class QSortFilterProxyModel;

namespace stackdeck::ui {

class RedactionPreviewModel;
class RedactionRulesDialog;

// Lists what a redacted export would remove from the issues in scope, each
// finding with its path and detector, and lets the user keep any of them.
// The scan runs on a worker; a newer scan drops an older one's result.
class RedactionPreview : public QWidget {
    Q_OBJECT
public:
    explicit RedactionPreview(QWidget* parent = nullptr);
    ~RedactionPreview() override;
    void scan(std::shared_ptr<store::WorkspaceSession> session, const ReportScope& scope);
    // The last scan again (after the workspace's redaction rules changed).
    void rescan();
    // "Edit rules…": the workspace's own rules; a change scans again. Null before the first scan.
    RedactionRulesDialog* openRulesEditor();
    QPushButton* editRulesButton() const { return m_editRules; }
    bool isScanning() const { return m_scanning; }
    RedactionPreviewModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QString summary() const;

Q_SIGNALS:
    void scanned();
    void failed(const QString& message);

private:
    void updateSummary();
    RedactionPreviewModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLabel* m_summary;
    QPushButton* m_editRules;
    std::shared_ptr<store::WorkspaceSession> m_session;
    ReportScope m_scope;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_job = 0;
    bool m_scanning = false;
};

} // namespace stackdeck::ui

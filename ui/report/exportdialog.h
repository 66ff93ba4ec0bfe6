#pragma once

#include "exportjob.h"
#include "store/workspacesession.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QRadioButton;
class QTimer;

namespace stackdeck::ui {

class RedactionPreview;

// File > Export report…: a format, the issues (the selection or every issue
// the search matches), redaction with its preview, and where to write. The
// export reads and renders on a worker, with progress and cancel.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setSelection(const std::vector<IssueId>& ids);
    void setSearch(const QString& query, const SqlFilter& countFilter, qint64 total);
    void setFormat(ExportFormat format);
    ExportFormat format() const;
    void setRedact(bool redact);
    void setOutput(const QString& path);
    void useSearch(bool search); // the scope: every issue matching the search, or the selection
    ReportScope scope() const;
    ExportRequest request() const;

    void startExport();
    bool isExporting() const { return m_exporting; }
    RedactionPreview* preview() const { return m_preview; }
    QString statusText() const;

Q_SIGNALS:
    void exported(const QString& summary);
    void failed(const QString& message);

private:
    void rescan();
    void updateState();
    void browse();

    std::shared_ptr<store::WorkspaceSession> m_session;
    std::vector<IssueId> m_selection;
    QString m_query;
    SqlFilter m_searchFilter;
    qint64 m_searchTotal = 0;
    QComboBox* m_format;
    QRadioButton* m_useSelection;
    QRadioButton* m_useSearch;
    QCheckBox* m_redact;
    QCheckBox* m_normalized;
    QLabel* m_caseHint;
    QLineEdit* m_output;
    RedactionPreview* m_preview;
    QProgressBar* m_progress;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    QTimer* m_poll;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<std::int64_t>> m_done;
    std::shared_ptr<std::atomic<std::int64_t>> m_total;
    bool m_exporting = false;
    bool m_scanStale = true;
};

} // namespace stackdeck::ui

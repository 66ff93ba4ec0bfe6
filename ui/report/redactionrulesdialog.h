#pragma once

#include "store/redactionrules.h"
#include "store/workspacesession.h"

#include <QDialog>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace stackdeck::ui {

class RedactionRulesModel;

// Edits the workspace's own redaction rules (kept per workspace, applied by
// every redacted export and the preview): a table of kind, pattern and label,
// a row to add a key name or a regular expression (checked first: a regex that
// does not compile says why and where), and Remove for the selected rules.
// Each change is written at once, on a worker under the workspace's shared
// lock; `rulesChanged` follows every write that landed.
class RedactionRulesDialog : public QDialog {
    Q_OBJECT
public:
    RedactionRulesDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent = nullptr);

    RedactionRulesModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* kindBox() const { return m_kind; }
    QLineEdit* patternEdit() const { return m_pattern; }
    QLineEdit* nameEdit() const { return m_name; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QString message() const; // the last error or state line
    bool isBusy() const { return m_busy; }

    // What the Add button does: false (and the reason in message()) for a rule that is refused.
    bool addRule();
    void removeSelected();

Q_SIGNALS:
    void loaded();
    void rulesChanged();
    void failed(const QString& message);

private:
    void load();
    void save(std::vector<store::RedactionRule> rules);
    void setBusy(bool busy);
    void showMessage(const QString& text, bool error);

    std::shared_ptr<store::WorkspaceSession> m_session;
    RedactionRulesModel* m_model;
    QTableView* m_view;
    QComboBox* m_kind;
    QLineEdit* m_pattern;
    QLineEdit* m_name;
    QPushButton* m_add;
    QPushButton* m_remove;
    QLabel* m_message;
    quint64 m_job = 0;
    bool m_busy = false;
    bool m_loaded = false; // the stored rules were read: only then may an edit replace them
};

} // namespace stackdeck::ui

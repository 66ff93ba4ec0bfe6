#pragma once

#include "regroup/regroupplan.h"
#include "store/workspacesession.h"
#include "whatifdialog.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace stackdeck::ui {

class RuleEditor;

// A project's own grouping rules: stack-trace rules and fingerprint rules,
// validated as you type (errors underlined, listed with line:column; a click
// jumps there), previewed with the what-if dialog and saved for future
// imports.
class RulesDialog : public QDialog {
    Q_OBJECT
public:
    // Holds the session: the window may switch to another workspace while
    // this dialog is open. Reads and saves are single small statements.
    explicit RulesDialog(std::shared_ptr<store::WorkspaceSession> session, QWidget* parent = nullptr);
    ~RulesDialog() override;

    void setProject(const QString& project); // loads its stored rules
    QString project() const;
    void setTexts(const QString& enhancements, const QString& fingerprintRules);
    regroup::ProjectRules rules() const;
    void validateNow();
    const std::vector<regroup::RuleError>& errors() const { return m_errors; }
    QStringList errorMessages() const; // "stack-trace rules 2:7: ..." as listed
    bool save(); // false when there are errors or the store refuses
    WhatIfDialog* preview(); // opens the what-if dialog with the current texts
    // Dialogs stay closed (tests, screenshots): no questions asked.
    void setInteractive(bool interactive) { m_interactive = interactive; }

    RuleEditor* enhancementsEditor() const { return m_enhancements; }
    RuleEditor* fingerprintEditor() const { return m_fingerprints; }
    QListWidget* errorList() const { return m_errorList; }
    QComboBox* projectBox() const { return m_project; }
    QPushButton* previewButton() const { return m_preview; }
    QPushButton* saveButton() const { return m_save; }
    WhatIfDialog* whatIf() const { return m_whatIf; }

Q_SIGNALS:
    void saved(const QString& project);
    void regrouped(); // a what-if opened from here applied its plan

private:
    void loadProjects();
    void updateState();
    bool isModified() const;

    std::shared_ptr<store::WorkspaceSession> m_session; // null: no workspace
    QComboBox* m_project;
    RuleEditor* m_enhancements;
    RuleEditor* m_fingerprints;
    QListWidget* m_errorList;
    QLabel* m_status;
    QPushButton* m_preview;
    QPushButton* m_save;
    QTimer m_debounce;
    std::vector<regroup::RuleError> m_errors;
    regroup::ProjectRules m_stored;
    QString m_current;
    QPointer<WhatIfDialog> m_whatIf;
    bool m_interactive = true;
};

} // namespace stackdeck::ui

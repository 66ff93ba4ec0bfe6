#pragma once

#include "model/issue.h"

#include <QWidget>

class QLabel;

class QHBoxLayout;

namespace stackdeck::ui {

// Title, culprit, level, status, counts and first/last seen (with releases).
class IssueHeader : public QWidget {
    Q_OBJECT
public:
    explicit IssueHeader(QWidget* parent = nullptr);
    void setIssue(const Issue& issue);
    void clear();
    QString titleText() const;
    QString factsText() const;
    // A button or menu at the header's top right (the triage menu).
    void addActionWidget(QWidget* widget);

private:
    QLabel* m_level;
    QLabel* m_title;
    QLabel* m_culprit;
    QLabel* m_facts;
    QLabel* m_seen;
    QHBoxLayout* m_actions; // the action widgets, side by side at the top right
};

} // namespace stackdeck::ui

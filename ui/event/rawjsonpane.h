#pragma once

#include "eventpane.h"

class QPlainTextEdit;
class QLabel;
class QPushButton;

namespace stackdeck::ui {

class FindBar;

// The stored original JSON, pretty-printed, read-only, with find.
class RawJsonPane : public EventPane {
    Q_OBJECT
public:
    explicit RawJsonPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("json"); }
    QString title() const override { return QStringLiteral("JSON"); }
    bool hasContent(const LoadedEvent& event) const override { return !event.rawJson.empty(); }
    void populate(const LoadedEvent& event) override;
    void activateFind() override;
    QPlainTextEdit* textView() const { return m_text; }
    FindBar* findBar() const { return m_find; }

private:
    QLabel* m_info;
    QPushButton* m_showAll;
    QPlainTextEdit* m_text;
    FindBar* m_find;
};

} // namespace stackdeck::ui

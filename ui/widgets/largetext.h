#pragma once

#include <QString>

class QPlainTextEdit;
class QPushButton;

namespace stackdeck::ui {

// Laying out megabytes in a QPlainTextEdit takes seconds; large texts show
// their first `cap` characters and a "Show all" button loads the rest on demand.
constexpr qsizetype kTextCap = 64 * 1024;
void setCappedPlainText(QPlainTextEdit* view, QPushButton* showAll, const QString& text, qsizetype cap = kTextCap);

} // namespace stackdeck::ui

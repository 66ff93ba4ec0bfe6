#pragma once

#include <QString>

#include <string>

class QPlainTextEdit;
class QPushButton;

namespace stackdeck::ui {

// Laying out megabytes in a QPlainTextEdit takes seconds; large texts show
// their first `cap` characters and a "Show all" button loads the rest on demand.
constexpr qsizetype kTextCap = 64 * 1024;
void setCappedPlainText(QPlainTextEdit* view, QPushButton* showAll, const QString& text, qsizetype cap = kTextCap);

// JSON pretty-printed the same way, without a document round trip at open:
// only the first `cap` bytes of the pretty text are produced and laid out;
// "Show all" pretty-prints the whole on demand. Returns false, showing
// nothing, when `json` is not JSON.
bool setCappedPrettyJson(QPlainTextEdit* view, QPushButton* showAll, std::string json, qsizetype cap = kTextCap);

} // namespace stackdeck::ui

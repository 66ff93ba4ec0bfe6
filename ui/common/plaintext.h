#pragma once

#include <QLabel>
#include <QString>

#include <string>

namespace stackdeck::ui {

// Event text is data, never markup: every label that shows event content goes
// through here, which pins Qt::PlainText before setting the text.
inline void setPlainText(QLabel* label, const QString& text)
{
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
}

inline QString qs(const std::string& text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Tooltips pass through Qt::mightBeRichText: event text that looks like markup
// is escaped and wrapped so it still shows literally.
QString plainToolTip(const QString& text);

// Elides a long single-line text for a table cell without breaking surrogates.
QString firstLine(const QString& text, int maxChars = 300);

} // namespace stackdeck::ui

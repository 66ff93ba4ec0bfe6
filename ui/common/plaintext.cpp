#include "plaintext.h"

#include <QTextDocument>

namespace stackdeck::ui {

QString plainToolTip(const QString& text)
{
    if (!Qt::mightBeRichText(text) && !text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('&')))
        return text;
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

QString firstLine(const QString& text, int maxChars)
{
    qsizetype end = text.indexOf(QLatin1Char('\n'));
    if (end < 0)
        end = text.size();
    QString line = text.left(std::min<qsizetype>(end, maxChars));
    if (line.size() < text.size() && !line.isEmpty() && line.back().isHighSurrogate())
        line.chop(1);
    if (line.size() < text.size())
        line += QChar(0x2026);
    return line;
}

} // namespace stackdeck::ui

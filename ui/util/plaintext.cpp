#include "plaintext.h"

namespace stackdeck::ui {

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

#include "ruleeditor.h"

#include "common/plaintext.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace stackdeck::ui {

namespace {
// Reads on light and dark bases alike.
const QColor kErrorColor(0xe5, 0x48, 0x4d);
} // namespace

class RuleGutter : public QWidget {
public:
    explicit RuleGutter(RuleEditor* editor)
        : QWidget(editor)
        , m_editor(editor)
    {
    }
    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    bool event(QEvent* event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            if (!m_editor->showMarkTip(help, help->pos().y()))
                QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }
    void paintEvent(QPaintEvent* event) override { m_editor->paintGutter(event); }

private:
    RuleEditor* m_editor;
};

RuleEditor::RuleEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_gutter(new RuleGutter(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabChangesFocus(true);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

int RuleEditor::gutterWidth() const
{
    int digits = 2;
    for (int n = std::max(1, blockCount()); n >= 100; n /= 10)
        ++digits;
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits + fontMetrics().height() / 2;
}

void RuleEditor::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

bool RuleEditor::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (showMarkTip(help, help->pos().y()))
            return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

// Hovering a marked line in the gutter or the text shows its messages.
bool RuleEditor::showMarkTip(QHelpEvent* help, int viewportY)
{
    const int line = cursorForPosition(QPoint(0, viewportY)).blockNumber() + 1;
    QStringList messages;
    for (const Mark& m : m_marks) {
        if (m.line == line)
            messages << QStringLiteral("%1:%2: %3").arg(m.line).arg(m.column).arg(m.message);
    }
    if (messages.isEmpty())
        return false;
    QToolTip::showText(help->globalPos(), plainToolTip(messages.join(QLatin1Char('\n'))), this);
    return true;
}

void RuleEditor::setMarks(std::vector<Mark> marks)
{
    m_marks = std::move(marks);
    QList<QTextEdit::ExtraSelection> selections;
    for (const Mark& m : m_marks) {
        const QTextBlock block = document()->findBlockByNumber(m.line - 1);
        if (!block.isValid())
            continue;
        const QString text = block.text();
        int start = std::clamp(m.column - 1, 0, static_cast<int>(text.size()));
        int end = start;
        while (end < text.size() && !text[end].isSpace())
            ++end;
        if (end == start) {
            // At the end of the line (a missing action): underline the last word instead.
            end = start;
            while (start > 0 && text[start - 1].isSpace())
                --start;
            while (start > 0 && !text[start - 1].isSpace())
                --start;
            if (start == end)
                end = std::min<int>(static_cast<int>(text.size()), start + 1);
        }
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        sel.cursor.setPosition(block.position() + start);
        sel.cursor.setPosition(block.position() + std::max(end, start + 1), QTextCursor::KeepAnchor);
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(kErrorColor);
        QColor tint = kErrorColor;
        tint.setAlpha(60);
        sel.format.setBackground(tint); // the wave alone is easy to miss on a hi-dpi screen
        selections << sel;
    }
    setExtraSelections(selections);
    m_gutter->update();
}

void RuleEditor::jumpTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(column - 1, 0, block.length() - 1));
    setTextCursor(c);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

void RuleEditor::paintGutter(QPaintEvent* event)
{
    QPainter p(m_gutter);
    const QPalette pal = palette();
    p.fillRect(event->rect(), pal.color(QPalette::Window));
    QTextBlock block = firstVisibleBlock();
    int top = static_cast<int>(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    const int dot = std::max(6, lineHeight / 2);
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + static_cast<int>(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            const bool marked
                = std::any_of(m_marks.begin(), m_marks.end(), [line](const Mark& m) { return m.line == line; });
            if (marked) {
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(Qt::NoPen);
                p.setBrush(kErrorColor);
                p.drawEllipse(QRect(3, top + (lineHeight - dot) / 2, dot, dot));
            }
            p.setPen(marked ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.setFont(font());
            p.drawText(QRect(0, top, m_gutter->width() - 4, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                QString::number(line));
        }
        block = block.next();
        top = bottom;
    }
}

} // namespace stackdeck::ui

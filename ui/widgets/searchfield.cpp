#include "searchfield.h"

#include "common/plaintext.h"
#include "query/queryquote.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace stackdeck::ui {

SearchField::SearchField(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_edit->setPlaceholderText(tr("Search issues: is:unresolved level:error text…  (press / to focus)"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setObjectName(QStringLiteral("issueSearch"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("searchError"));
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x2f));
    m_error->setPalette(pal);
    m_error->hide();
    layout->addWidget(m_edit);
    layout->addWidget(m_error);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &SearchField::emitNow);
    connect(m_edit, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        m_debounce.stop();
        m_emittedOnce = false;
        emitNow();
    });
}

QString SearchField::text() const
{
    return m_edit->text();
}

void SearchField::setText(const QString& text)
{
    m_edit->setText(text);
    m_debounce.stop();
    emitNow();
}

QString SearchField::termFor(const QString& key, const QString& value)
{
    const auto term = query::tagSearchTerm(key.toStdString(), value.toStdString());
    return term ? QString::fromStdString(*term) : QString();
}

void SearchField::addTerm(const QString& key, const QString& value)
{
    const QString term = termFor(key, value);
    if (term.isEmpty())
        return; // a key the search language cannot name
    const QString current = m_edit->text().trimmed();
    const QString padded = QLatin1Char(' ') + current + QLatin1Char(' ');
    if (padded.contains(QString(QLatin1Char(' ') + term + QLatin1Char(' '))))
        return;
    setText(current.isEmpty() ? term : current + QLatin1Char(' ') + term);
}

void SearchField::emitNow()
{
    const QString t = m_edit->text();
    if (m_emittedOnce && t == m_lastEmitted)
        return;
    m_emittedOnce = true;
    m_lastEmitted = t;
    Q_EMIT queryChanged(t);
}

void SearchField::showError(const QString& message, int position, int length)
{
    const QByteArray utf8 = m_edit->text().toUtf8();
    const int start = std::clamp(position, 0, static_cast<int>(utf8.size()));
    const int len = std::clamp(length, 0, static_cast<int>(utf8.size()) - start);
    const QString column = QString::number(QString::fromUtf8(utf8.left(start)).size() + 1);
    const QString fragment = QString::fromUtf8(utf8.mid(start, len));
    QString text = tr("⚠ Can't search for this: ") + message;
    if (!fragment.isEmpty())
        text += QStringLiteral(" — at “") + fragment + QStringLiteral("”, column ") + column;
    text += tr(". Try key:value terms like is:unresolved or level:error, or plain words.");
    setPlainText(m_error, text);
    m_error->show();
    m_edit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d03a2f; }"));
}

void SearchField::clearError()
{
    m_error->hide();
    m_error->clear();
    m_edit->setStyleSheet(QString());
}

QString SearchField::errorText() const
{
    return m_error->text();
}

bool SearchField::hasError() const
{
    return !m_error->isHidden();
}

} // namespace stackdeck::ui

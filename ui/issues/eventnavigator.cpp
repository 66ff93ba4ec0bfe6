#include "eventnavigator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace stackdeck::ui {

EventNavigator::EventNavigator(QWidget* parent)
    : QWidget(parent)
    , m_position(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const struct {
        Step step;
        const char* icon;
        const char* text;
        const char* tip;
    } specs[] = {{Step::Oldest, "first", "Oldest", "Oldest event"},
        {Step::Previous, "previous", "Older", "Older event ( [ )"}, {Step::Next, "next", "Newer", "Newer event ( ] )"},
        {Step::Latest, "last", "Latest", "Latest event"}};
    auto* title = new QLabel(tr("Event"), this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    layout->addWidget(m_position);
    layout->addStretch(1);
    for (int i = 0; i < 4; ++i) {
        auto* b = new QToolButton(this);
        b->setIcon(QIcon(QStringLiteral(":/icons/") + QString::fromLatin1(specs[i].icon) + QStringLiteral(".svg")));
        b->setText(QString::fromLatin1(specs[i].text));
        b->setToolTip(QString::fromLatin1(specs[i].tip));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setAutoRaise(true);
        const Step step = specs[i].step;
        connect(b, &QToolButton::clicked, this, [this, step] { Q_EMIT stepRequested(step); });
        m_buttons[i] = b;
        layout->addWidget(b);
    }
    m_position->setTextFormat(Qt::PlainText);
    m_position->setObjectName(QStringLiteral("eventPosition"));
    setPosition(0, 0);
}

void EventNavigator::setPosition(qint64 position, qint64 total)
{
    m_position->setText(total > 0 ? QStringLiteral("%1 of %2").arg(position).arg(total) : QString());
    button(Step::Oldest)->setEnabled(position > 1);
    button(Step::Previous)->setEnabled(position > 1);
    button(Step::Next)->setEnabled(position < total);
    button(Step::Latest)->setEnabled(position < total);
}

QString EventNavigator::positionText() const
{
    return m_position->text();
}

QToolButton* EventNavigator::button(Step step) const
{
    return m_buttons[static_cast<int>(step)];
}

} // namespace stackdeck::ui

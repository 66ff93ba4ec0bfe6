#include "emptystate.h"

#include "common/plaintext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace stackdeck::ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_primary(new QPushButton(this))
    , m_secondary(new QPushButton(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    for (QLabel* l : {m_title, m_detail}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        l->setTextFormat(Qt::PlainText);
        layout->addWidget(l);
    }
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_primary);
    buttons->addWidget(m_secondary);
    buttons->addStretch(1);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    layout->addStretch(2);
    connect(m_primary, &QPushButton::clicked, this, &EmptyState::primaryClicked);
    connect(m_secondary, &QPushButton::clicked, this, &EmptyState::secondaryClicked);
    setActions({});
}

void EmptyState::setMessage(const QString& title, const QString& detail)
{
    setPlainText(m_title, title);
    setPlainText(m_detail, detail);
    m_detail->setVisible(!detail.isEmpty());
}

void EmptyState::setActions(const QString& primary, const QString& secondary)
{
    m_primary->setText(primary);
    m_primary->setVisible(!primary.isEmpty());
    m_secondary->setText(secondary);
    m_secondary->setVisible(!secondary.isEmpty());
}

QString EmptyState::title() const
{
    return m_title->text();
}

} // namespace stackdeck::ui

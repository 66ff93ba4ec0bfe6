#include "conflictdialog.h"

#include "serverjobs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace stackdeck::ui {
namespace {

QLabel* plainLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ConflictDialog::ConflictDialog(const store::OutboxEntry& entry, QWidget* parent)
    : QDialog(parent)
    , m_id(entry.id)
{
    setObjectName(QStringLiteral("conflictDialog"));
    const QString issue = QString::fromStdString(entry.shortId.empty() ? entry.serverId : entry.shortId);
    const QString field = QString::fromStdString(entry.field);
    setWindowTitle(tr("Conflict on %1").arg(issue));
    auto* intro = plainLabel(tr("Someone changed %1 of %2 on the server after you decided. Your change was not sent, "
                                "so nothing was overwritten.")
                                 .arg(field, issue),
        this);
    auto* form = new QFormLayout;
    form->addRow(tr("When you decided:"), plainLabel(outboxValueText(entry.field, entry.before), this));
    form->addRow(tr("Your change:"), plainLabel(outboxValueText(entry.field, entry.after), this));
    auto* server = plainLabel(outboxValueText(entry.field, conflictServerValue(entry.result)), this);
    QFont bold = server->font();
    bold.setBold(true);
    server->setFont(bold);
    form->addRow(tr("On the server now:"), server);
    auto* note = plainLabel(tr("Keep mine sends your change at the next push (the server has no conditional update: a "
                               "change made in the moment between the check and the write is not seen)."),
        this);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_keep = buttons->addButton(tr("&Keep mine"), QDialogButtonBox::AcceptRole);
    m_take = buttons->addButton(tr("&Take server's"), QDialogButtonBox::AcceptRole);
    connect(m_keep, &QPushButton::clicked, this, [this] {
        m_choice = store::ConflictChoice::KeepMine;
        accept();
    });
    connect(m_take, &QPushButton::clicked, this, [this] {
        m_choice = store::ConflictChoice::TakeServer;
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

} // namespace stackdeck::ui

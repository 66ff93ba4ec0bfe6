#include "rawjsonpane.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "widgets/findbar.h"
#include "widgets/largetext.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace stackdeck::ui {

RawJsonPane::RawJsonPane(QWidget* parent)
    : EventPane(parent)
    , m_info(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_find(new FindBar(m_text, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_info->setTextFormat(Qt::PlainText);
    m_info->setForegroundRole(QPalette::PlaceholderText);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setObjectName(QStringLiteral("rawJson"));
    m_showAll = new QPushButton(this);
    m_showAll->hide();
    auto* top = new QHBoxLayout;
    top->addWidget(m_info, 1);
    top->addWidget(m_showAll);
    layout->addLayout(top);
    layout->addWidget(m_find);
    layout->addWidget(m_text, 1);
}

void RawJsonPane::populate(const LoadedEvent& event)
{
    QString info = tr("Stored original, %1").arg(byteSize(static_cast<std::int64_t>(event.rawJson.size())));
    info += event.itemType.empty() ? tr(", sent as a JSON document")
                                   : tr(", sent as envelope item “") + qs(event.itemType) + QStringLiteral("”");
    setPlainText(m_info, info + QStringLiteral(". Ctrl+F finds."));
    if (!setCappedPrettyJson(m_text, m_showAll, event.rawJson))
        setCappedPlainText(m_text, m_showAll, prettyJson(event.rawJson));
}

void RawJsonPane::activateFind()
{
    m_find->activate();
}

} // namespace stackdeck::ui

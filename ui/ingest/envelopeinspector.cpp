#include "envelopeinspector.h"

#include "common/plaintext.h"
#include "common/timeformat.h"
#include "envelopeitemmodel.h"
#include "envelopelistmodel.h"
#include "keptitemsview.h"
#include "widgets/largetext.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace stackdeck::ui {

namespace {

void setUpTable(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->setAlternatingRowColors(true);
}

QLabel* boldLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

} // namespace

EnvelopeInspector::EnvelopeInspector(EnvelopeListModel* envelopes, QWidget* parent)
    : QDialog(parent)
    , m_model(envelopes)
    , m_itemModel(new EnvelopeItemModel(this))
    , m_envelopes(new QTableView(this))
    , m_items(new QTableView(this))
    , m_empty(new QLabel(this))
    , m_caption(new QLabel(this))
    , m_payload(new QPlainTextEdit(this))
    , m_showAll(new QPushButton(this))
    , m_rejectionTitle(boldLabel(tr("Rejected items"), this))
    , m_rejections(new QPlainTextEdit(this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("envelopeInspector"));
    setWindowTitle(tr("Received envelopes"));
    resize(1180, 720);

    setUpTable(m_envelopes);
    m_envelopes->setModel(m_model);
    m_envelopes->setObjectName(QStringLiteral("envelopeList"));
    auto* header = m_envelopes->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setStretchLastSection(true);
    setUpTable(m_items);
    m_items->setModel(m_itemModel);
    m_items->setObjectName(QStringLiteral("envelopeItems"));
    m_items->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_items->horizontalHeader()->setStretchLastSection(true);

    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setText(tr("No envelope received yet. Start the endpoint and point an SDK at its DSN: each envelope it "
                        "sends shows here, the newest first (the last %1 are kept).")
                         .arg(EnvelopeListModel::kCapacity));
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setWordWrap(true);
    m_payload->setReadOnly(true);
    m_payload->setFont(mono);
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payload->setObjectName(QStringLiteral("payloadView"));
    m_payload->setPlaceholderText(tr("Select an item to see its payload."));
    m_showAll->hide();
    m_rejections->setReadOnly(true);
    m_rejections->setObjectName(QStringLiteral("rejectionView"));
    m_rejections->setMaximumHeight(m_rejections->fontMetrics().height() * 5 + 12);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(boldLabel(tr("Envelopes"), left));
    leftLayout->addWidget(m_empty);
    leftLayout->addWidget(m_envelopes, 1);

    auto* itemsBox = new QWidget(this);
    auto* itemsLayout = new QVBoxLayout(itemsBox);
    itemsLayout->setContentsMargins(0, 0, 0, 0);
    itemsLayout->addWidget(boldLabel(tr("Items"), itemsBox));
    itemsLayout->addWidget(m_items, 1);
    itemsLayout->addWidget(m_rejectionTitle);
    itemsLayout->addWidget(m_rejections);

    auto* payloadBox = new QWidget(this);
    auto* payloadLayout = new QVBoxLayout(payloadBox);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    auto* payloadHead = new QHBoxLayout;
    payloadHead->addWidget(boldLabel(tr("Payload"), payloadBox));
    payloadHead->addWidget(m_caption, 1);
    payloadHead->addWidget(m_showAll);
    payloadLayout->addLayout(payloadHead);
    payloadLayout->addWidget(m_payload, 1);

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(itemsBox);
    right->addWidget(payloadBox);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(split, tr("Received since the start"));
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    connect(m_envelopes->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showEnvelope(current); });
    connect(m_items->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showItem(current); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        updateEmpty();
        if (!m_envelopes->currentIndex().isValid())
            selectEnvelope(0);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateEmpty();
        showEnvelope(m_envelopes->currentIndex());
    });
    updateEmpty();
    if (m_model->rowCount() > 0)
        selectEnvelope(0);
    else
        showEnvelope({});
}

void EnvelopeInspector::updateEmpty()
{
    m_empty->setVisible(m_model->rowCount() == 0);
}

void EnvelopeInspector::selectEnvelope(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_envelopes->selectRow(row);
    m_envelopes->setCurrentIndex(m_model->index(row, 0));
}

void EnvelopeInspector::selectItem(int row)
{
    if (row < 0 || row >= m_itemModel->rowCount())
        return;
    m_items->selectRow(row);
    m_items->setCurrentIndex(m_itemModel->index(row, 0));
}

void EnvelopeInspector::showEnvelope(const QModelIndex& current)
{
    if (!current.isValid()) {
        m_itemModel->clear();
        m_rejections->clear();
        m_rejections->hide();
        m_rejectionTitle->hide();
        showItem({});
        return;
    }
    const InspectedEnvelope& envelope = m_model->rowAt(current.row());
    m_itemModel->setEnvelope(envelope);
    QStringList lines;
    for (const Rejection& r : envelope.envelope.rejections)
        lines << QString::fromStdString(r.location.describe() + ": " + r.error);
    m_rejections->setPlainText(lines.join(QLatin1Char('\n')));
    m_rejections->setVisible(!lines.isEmpty());
    m_rejectionTitle->setVisible(!lines.isEmpty());
    m_rejectionTitle->setText(tr("Rejected items: %1").arg(lines.size()));
    if (m_itemModel->rowCount() > 0) {
        selectItem(0);
    } else {
        showItem({});
        if (envelope.envelope.status != 200)
            m_caption->setText(tr("Answered %1: nothing of it was stored.").arg(envelope.envelope.status));
    }
}

void EnvelopeInspector::showItem(const QModelIndex& current)
{
    m_showAll->hide();
    if (!current.isValid()) {
        m_caption->clear();
        m_payload->clear();
        return;
    }
    const InspectedItem& item = m_itemModel->rowAt(current.row());
    if (!item.payloadKnown) {
        m_caption->setText(tr("%1, not kept: the endpoint keeps bodies of up to 1 MiB").arg(byteSize(item.size)));
        m_payload->clear();
        return;
    }
    const auto size = static_cast<std::int64_t>(item.payload.size());
    switch (payloadKind(item)) {
    case PayloadKind::Json:
        m_caption->setText(tr("JSON, %1").arg(byteSize(size)));
        setCappedPrettyJson(m_payload, m_showAll, std::string(item.payload));
        break;
    case PayloadKind::Text:
        m_caption->setText(tr("text, %1").arg(byteSize(size)));
        setCappedPlainText(
            m_payload, m_showAll, QString::fromUtf8(item.payload.data(), static_cast<qsizetype>(item.payload.size())));
        break;
    case PayloadKind::Binary:
        m_caption->setText(size > 4096
                ? tr("binary, %1 (%2 bytes); the first 4096 bytes in hex").arg(byteSize(size)).arg(size)
                : tr("binary, %1 bytes, in hex").arg(size));
        m_payload->setPlainText(hexDump(item.payload));
        break;
    }
}

void EnvelopeInspector::setKeptItemsView(KeptItemsView* view)
{
    if (m_kept)
        return;
    m_kept = view;
    m_tabs->addTab(view, tr("Kept in the workspace"));
}

void EnvelopeInspector::showKeptItems()
{
    if (m_kept)
        m_tabs->setCurrentWidget(m_kept);
}

QString EnvelopeInspector::payloadCaption() const
{
    return m_caption->text();
}

} // namespace stackdeck::ui

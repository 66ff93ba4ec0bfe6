#include "keptitemsview.h"

#include "common/futurewatch.h"
#include "common/timeformat.h"
#include "envelopepayloads.h"
#include "keptitemmodel.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"
#include "widgets/largetext.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

KeptItemsView::KeptItemsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new KeptItemModel(this))
    , m_table(new QTableView(this))
    , m_empty(new QLabel(this))
    , m_caption(new QLabel(this))
    , m_payload(new QPlainTextEdit(this))
    , m_showAll(new QPushButton(this))
{
    setObjectName(QStringLiteral("keptItems"));
    m_table->setObjectName(QStringLiteral("keptItemList"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(KeptItemModel::ReasonColumn, QHeaderView::Stretch);

    m_empty->setObjectName(QStringLiteral("keptItemsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("Nothing kept yet. Items the endpoint does not interpret (sessions, client reports, "
                        "profiles, replays, unknown types) and items it refuses inside an envelope are kept here "
                        "with their bytes, in the workspace."));

    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setWordWrap(true);
    m_payload->setObjectName(QStringLiteral("keptPayload"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payload->setPlaceholderText(tr("Select an item to see its bytes."));
    m_showAll->hide();

    auto* listBox = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_empty);
    listLayout->addWidget(m_table, 1);
    auto* payloadBox = new QWidget(this);
    auto* payloadLayout = new QVBoxLayout(payloadBox);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(m_caption, 1);
    head->addWidget(m_showAll);
    payloadLayout->addLayout(head);
    payloadLayout->addWidget(m_payload, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(listBox);
    split->addWidget(payloadBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { showCurrent(); });
    m_empty->setVisible(true);
}

void KeptItemsView::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    if (session == m_session)
        return;
    m_session = std::move(session);
    ++m_listJob;
    ++m_dataJob;
    m_model->setRows({});
    m_shownId = 0;
    showCurrent();
    refresh();
}

void KeptItemsView::refresh()
{
    if (!m_session) {
        m_empty->setVisible(true);
        return;
    }
    const std::int64_t job = ++m_listJob;
    ++m_pendingList;
    auto future = QtConcurrent::run([session = m_session] {
        return store::readWithSession(session, [](sql::Database& db) {
            store::KeptItemsQuery query;
            query.limit = kListed;
            return store::keptItems(db, query);
        });
    });
    whenFinished(this, future, [this, job](const Result<std::vector<store::KeptItem>>& items) {
        --m_pendingList;
        if (job == m_listJob) {
            if (!items) {
                m_empty->setText(
                    tr("Could not read the kept items: %1").arg(QString::fromStdString(items.error().message)));
                m_empty->setVisible(true);
            } else {
                const QModelIndex current = m_table->currentIndex();
                const std::int64_t selected = current.isValid() ? m_model->rowAt(current.row()).id : std::int64_t {0};
                // Same rows (nothing new): leave the view alone, selection and scroll included.
                const bool same = items->size() == m_model->rows().size()
                    && (items->empty() || items->front().id == m_model->rows().front().id);
                if (!same) {
                    const int scroll = m_table->verticalScrollBar() ? m_table->verticalScrollBar()->value() : 0;
                    m_model->setRows(*items);
                    const int row = selected ? m_model->rowOf(selected) : -1;
                    if (row >= 0) {
                        const QSignalBlocker block(m_table->selectionModel());
                        m_table->selectRow(row);
                        m_table->setCurrentIndex(m_model->index(row, 0));
                    }
                    if (m_table->verticalScrollBar())
                        m_table->verticalScrollBar()->setValue(scroll);
                    if (row < 0 && selected)
                        showCurrent(); // the selected one is gone (past the retention cap)
                }
                if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
                    selectRow(0); // the newest, so its bytes show without a click
                m_empty->setVisible(m_model->rowCount() == 0);
            }
        }
        Q_EMIT loaded();
    });
}

void KeptItemsView::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_model->index(row, 0));
}

void KeptItemsView::selectItem(std::int64_t id)
{
    selectRow(m_model->rowOf(id));
}

QString KeptItemsView::payloadCaption() const
{
    return m_caption->text();
}

void KeptItemsView::showCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    m_showAll->hide();
    if (!current.isValid() || !m_session) {
        m_shownId = 0;
        m_caption->clear();
        m_payload->clear();
        return;
    }
    const store::KeptItem item = m_model->rowAt(current.row());
    if (item.id == m_shownId)
        return;
    m_shownId = item.id;
    m_caption->setText(tr("Reading %1…").arg(byteSize(item.rawSize)));
    m_payload->clear();
    const std::int64_t job = ++m_dataJob;
    ++m_pendingData;
    auto future = QtConcurrent::run([session = m_session, id = item.id] {
        return store::readWithSession(session, [id](sql::Database& db) { return store::keptItemData(db, id); });
    });
    whenFinished(this, future, [this, job](const Result<std::string>& bytes) {
        --m_pendingData;
        if (job == m_dataJob) {
            if (bytes)
                showBytes(*bytes);
            else
                m_caption->setText(
                    tr("Could not read its bytes: %1").arg(QString::fromStdString(bytes.error().message)));
        }
        Q_EMIT payloadShown();
    });
}

void KeptItemsView::showBytes(const std::string& bytes)
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const store::KeptItem& item = m_model->rowAt(current.row());
    const QString reason = KeptItemModel::reasonText(item);
    if (bytes.empty()) {
        m_caption->setText(item.rejection
                ? tr("No bytes: it was refused before its payload could be read. %1").arg(reason)
                : tr("An empty payload. %1").arg(reason));
        return;
    }
    InspectedItem shown;
    shown.type = QString::fromStdString(item.itemType);
    shown.contentType = QString::fromStdString(item.contentType);
    shown.size = static_cast<std::int64_t>(bytes.size());
    shown.payload = bytes;
    shown.payloadKnown = true;
    const auto size = static_cast<std::int64_t>(bytes.size());
    switch (payloadKind(shown)) {
    case PayloadKind::Json:
        if (setCappedPrettyJson(m_payload, m_showAll, bytes)) {
            m_caption->setText(tr("JSON, %1 — %2").arg(byteSize(size), reason));
            break;
        }
        [[fallthrough]];
    case PayloadKind::Text:
        m_caption->setText(tr("text, %1 — %2").arg(byteSize(size), reason));
        setCappedPlainText(m_payload, m_showAll, QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size())));
        break;
    case PayloadKind::Binary:
        m_caption->setText(size > 4096 ? tr("binary, %1 (%2 bytes); the first 4096 bytes in hex — %3")
                                             .arg(byteSize(size))
                                             .arg(size)
                                             .arg(reason)
                                       : tr("binary, %1 bytes, in hex — %2").arg(size).arg(reason));
        m_payload->setPlainText(hexDump(bytes));
        break;
    }
}

} // namespace stackdeck::ui

#include "tracespage.h"

#include "comparisonview.h"
#include "tracelistmodel.h"
#include "traceview.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace stackdeck::ui {

TracesPage::TracesPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new TraceListModel(this))
    , m_search(new QLineEdit(this))
    , m_searchError(new QLabel(this))
    , m_assemblyStatus(new QLabel(this))
    , m_list(new QTreeView(this))
    , m_compareButton(new QPushButton(tr("Compare the two selected"), this))
    , m_stack(new QStackedWidget(this))
    , m_view(new TraceView(this))
    , m_compare(new ComparisonView(this))
{
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_search->setPlaceholderText(tr("Search traces: op:http.server service:api has:error duration:>500ms"));
    m_search->setClearButtonEnabled(true);
    leftLayout->addWidget(m_search);
    m_searchError->setTextFormat(Qt::PlainText);
    m_searchError->setVisible(false);
    leftLayout->addWidget(m_searchError);
    m_assemblyStatus->setObjectName(QStringLiteral("traceAssemblyStatus"));
    m_assemblyStatus->setTextFormat(Qt::PlainText);
    m_assemblyStatus->setVisible(false);
    leftLayout->addWidget(m_assemblyStatus);
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSortingEnabled(true);
    m_list->header()->setSortIndicator(TraceListModel::StartColumn, Qt::DescendingOrder);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->header()->setSectionResizeMode(TraceListModel::RootColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    leftLayout->addWidget(m_list, 1);
    m_compareButton->setEnabled(false);
    leftLayout->addWidget(m_compareButton);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_compare);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_stack);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(300);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, &TracesPage::applyQuery);
    connect(m_search, &QLineEdit::returnPressed, this, &TracesPage::applyQuery);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TracesPage::updateCompareButton);
    connect(
        m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!m_restoring && current.isValid() && m_list->selectionModel()->selectedRows().size() <= 1)
                openTrace(current.data(TraceListModel::TraceIdRole).toString());
        });
    connect(m_compareButton, &QPushButton::clicked, this, &TracesPage::compareSelected);
    connect(m_view, &TraceView::openEventRequested, this, &TracesPage::openEventRequested);
    connect(m_model, &TraceListModel::queryFailed, this, [this](const QString& message) {
        m_assemblyStatus->setVisible(false);
        m_searchError->setText(message);
        m_searchError->setVisible(true);
    });
    connect(m_model, &TraceListModel::assemblyProgress, this, [this](qint64 done, qint64 total) {
        m_assemblyStatus->setText(tr("Assembling traces: %1 of %2…").arg(done).arg(total));
        m_assemblyStatus->setVisible(true);
    });
    connect(m_model, &TraceListModel::loaded, m_assemblyStatus, &QWidget::hide);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &TracesPage::rememberSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TracesPage::restoreSelection);
}

void TracesPage::rememberSelection()
{
    m_kept.reset();
    if (!m_model->isRefreshing())
        return; // a new search or sort starts at the top, as before
    KeptSelection kept;
    for (const QModelIndex& row : m_list->selectionModel()->selectedRows())
        kept.selected << row.data(TraceListModel::TraceIdRole).toString();
    const QModelIndex current = m_list->selectionModel()->currentIndex();
    if (current.isValid())
        kept.current = current.data(TraceListModel::TraceIdRole).toString();
    kept.scroll = m_list->verticalScrollBar()->value();
    m_kept = std::move(kept);
}

void TracesPage::restoreSelection()
{
    if (!m_kept)
        return;
    const KeptSelection kept = *std::exchange(m_kept, std::nullopt);
    const QScopedValueRollback guard(m_restoring, true);
    QItemSelection selection;
    for (const QString& id : kept.selected) {
        const int row = m_model->rowOfTrace(id.toStdString());
        if (row >= 0)
            selection.select(m_model->index(row, 0), m_model->index(row, TraceListModel::NUM_COLUMNS - 1));
    }
    auto* selectionModel = m_list->selectionModel();
    if (!kept.current.isEmpty()) {
        const int row = m_model->rowOfTrace(kept.current.toStdString());
        if (row >= 0)
            selectionModel->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);
    }
    selectionModel->select(selection, QItemSelectionModel::ClearAndSelect);
    m_list->verticalScrollBar()->setValue(kept.scroll);
}

void TracesPage::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_view->setSession(session);
    m_compare->setSession(session);
    m_model->setSession(std::move(session));
}

void TracesPage::applyQuery()
{
    QString error;
    if (m_model->setQuery(m_search->text(), &error))
        m_searchError->setVisible(false);
}

void TracesPage::openTrace(const QString& traceId, const QString& spanId)
{
    m_stack->setCurrentWidget(m_view);
    if (traceId != m_view->traceId() || !spanId.isEmpty())
        m_view->openTrace(traceId, spanId);
}

void TracesPage::updateCompareButton()
{
    m_compareButton->setEnabled(m_list->selectionModel()->selectedRows().size() == 2);
}

void TracesPage::compareSelected()
{
    const auto rows = m_list->selectionModel()->selectedRows();
    if (rows.size() != 2)
        return;
    m_stack->setCurrentWidget(m_compare);
    m_compare->compare(
        rows[0].data(TraceListModel::TraceIdRole).toString(), rows[1].data(TraceListModel::TraceIdRole).toString());
}

} // namespace stackdeck::ui

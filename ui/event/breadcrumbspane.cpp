#include "breadcrumbspane.h"

#include "itemmodels/breadcrumbmodel.h"
#include "notes/eventnotes.h"
#include "notes/notemarkerdelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace stackdeck::ui {

BreadcrumbsPane::BreadcrumbsPane(QWidget* parent)
    : EventPane(parent)
    , m_model(new BreadcrumbModel(this))
    , m_filter(new BreadcrumbFilterProxy(this))
    , m_text(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_level(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_relative(new QCheckBox(tr("Relative to event"), this))
    , m_count(new QLabel(this))
    , m_markers(new NoteMarkerDelegate(
          [this](const QModelIndex& index) -> qint64 {
              // The mark sits at the end of the row (the stretched last column).
              return index.column() == BreadcrumbModel::NUM_COLUMNS - 1 ? breadcrumbIndex(index) : -1;
          },
          nullptr, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_level->addItem(tr("All levels"), -1);
    for (int l = 1; l <= 4; ++l)
        m_level->addItem(tr("%1 and above").arg(QString::fromLatin1(levelName(static_cast<Level>(l)).data())), l);
    m_category->addItem(tr("All categories"), QString());
    m_search->setPlaceholderText(tr("Search breadcrumbs (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_count->setTextFormat(Qt::PlainText);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_level);
    bar->addWidget(m_category);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_relative);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_filter->setSourceModel(m_model);
    m_text->setSourceModel(m_filter);
    m_text->setFilterKeyColumn(-1);
    m_text->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_text->setSortRole(BreadcrumbModel::SortRole);
    m_view->setModel(m_text);
    m_view->setSortingEnabled(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(BreadcrumbModel::TimeColumn, 110);
    m_view->setColumnWidth(BreadcrumbModel::CategoryColumn, 130);
    m_view->setColumnWidth(BreadcrumbModel::LevelColumn, 70);
    m_view->setColumnWidth(BreadcrumbModel::MessageColumn, 260);
    m_view->setObjectName(QStringLiteral("breadcrumbs"));
    m_view->setItemDelegate(m_markers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (QMenu* menu = contextMenuFor(m_view->indexAt(pos))) {
            menu->setAttribute(Qt::WA_DeleteOnClose);
            menu->popup(m_view->viewport()->mapToGlobal(pos));
        }
    });
    layout->addWidget(m_view, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        const int l = m_level->currentData().toInt();
        m_filter->setMinimumLevel(l < 0 ? std::nullopt : std::optional<Level>(static_cast<Level>(l)));
        updateCount();
    });
    connect(m_category, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setCategory(m_category->currentData().toString());
        updateCount();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& t) {
        m_text->setFilterFixedString(t);
        updateCount();
    });
    connect(m_relative, &QCheckBox::toggled, m_model, &BreadcrumbModel::setRelativeTimes);
}

void BreadcrumbsPane::populate(const LoadedEvent& event)
{
    m_model->setBreadcrumbs(event.event.breadcrumbs, event.event.timestamp);
    const QString current = m_category->currentData().toString();
    const QSignalBlocker block(m_category);
    m_category->clear();
    m_category->addItem(tr("All categories"), QString());
    for (const QString& c : m_model->categories())
        m_category->addItem(c, c);
    const int keep = m_category->findData(current);
    m_category->setCurrentIndex(keep < 0 ? 0 : keep);
    m_filter->setCategory(m_category->currentData().toString());
    m_view->scrollToBottom(); // the newest crumbs lead up to the event
    updateCount();
}

qint64 BreadcrumbsPane::breadcrumbIndex(const QModelIndex& viewIndex) const
{
    if (!viewIndex.isValid() || viewIndex.model() != m_text)
        return -1;
    const QModelIndex source = m_filter->mapToSource(m_text->mapToSource(viewIndex));
    return source.isValid() ? source.row() : -1;
}

void BreadcrumbsPane::setNotes(EventNotes* notes)
{
    m_notes = notes;
    if (!notes)
        return;
    auto update = [this] {
        if (m_notes)
            m_markers->setNotes(m_notes->markers(store::NoteTarget::Kind::Breadcrumb));
        m_view->viewport()->update();
    };
    connect(notes, &EventNotes::changed, this, update);
    update();
}

QMenu* BreadcrumbsPane::contextMenuFor(const QModelIndex& viewIndex)
{
    const qint64 crumb = breadcrumbIndex(viewIndex);
    if (!m_notes || crumb < 0)
        return nullptr;
    auto* menu = new QMenu(this);
    QAction* add = menu->addAction(tr("Add note…"));
    add->setObjectName(QStringLiteral("addBreadcrumbNote"));
    connect(add, &QAction::triggered, this,
        [this, crumb] { m_notes->startNote(store::NoteTarget::Kind::Breadcrumb, crumb, window()); });
    return menu;
}

void BreadcrumbsPane::updateCount()
{
    m_count->setText(QStringLiteral("%1 of %2").arg(m_text->rowCount()).arg(m_model->rowCount()));
}

void BreadcrumbsPane::activateFind()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace stackdeck::ui

#include "groupingcompareview.h"

#include "common/plaintext.h"
#include "itemmodels/groupingtreemodel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTreeView>

#include <functional>

namespace stackdeck::ui {

namespace {
QString sideTitle(const QString& side, const grouping::GroupingResult& r, bool changed)
{
    const std::string& hash = r.primaryHash();
    return side + QStringLiteral(": ") + (hash.empty() ? QStringLiteral("no hash") : qs(hash))
        + (changed ? QStringLiteral("  (changed)") : QString());
}

void expandContributing(QTreeView* view)
{
    auto* model = view->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex idx = model->index(r, 0);
        if (idx.data(GroupingTreeModel::ContributesRole).toBool() || idx.data(GroupingTreeModel::ChangedRole).toBool())
            view->expandRecursively(idx);
    }
}

int countChanged(const QAbstractItemModel* model, const QModelIndex& parent)
{
    int n = 0;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex idx = model->index(r, 0, parent);
        n += idx.data(GroupingTreeModel::ChangedRole).toBool() ? 1 : 0;
        n += countChanged(model, idx);
    }
    return n;
}
} // namespace

GroupingCompareView::GroupingCompareView(QWidget* parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_beforeTitle(new QLabel(this))
    , m_afterTitle(new QLabel(this))
    , m_beforeModel(new GroupingTreeModel(this))
    , m_afterModel(new GroupingTreeModel(this))
    , m_before(new QTreeView(this))
    , m_after(new QTreeView(this))
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    m_message->setAlignment(Qt::AlignCenter);
    grid->addWidget(m_message, 0, 0, 1, 2);
    int column = 0;
    for (auto [title, view, model] :
        {std::tuple {m_beforeTitle, m_before, m_beforeModel}, std::tuple {m_afterTitle, m_after, m_afterModel}}) {
        title->setTextFormat(Qt::PlainText);
        title->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = title->font();
        f.setBold(true);
        title->setFont(f);
        view->setModel(model);
        view->setUniformRowHeights(true);
        view->setAllColumnsShowFocus(true);
        view->header()->setStretchLastSection(true);
        view->setColumnWidth(GroupingTreeModel::NameColumn, 210);
        view->setColumnWidth(GroupingTreeModel::ValueColumn, 210);
        grid->addWidget(title, 1, column);
        grid->addWidget(view, 2, column);
        ++column;
    }
    m_before->setObjectName(QStringLiteral("groupingBefore"));
    m_after->setObjectName(QStringLiteral("groupingAfter"));
    grid->setRowStretch(2, 1);
    // Scroll together: the same rows sit side by side as long as the trees have the same shape.
    connect(
        m_before->verticalScrollBar(), &QScrollBar::valueChanged, m_after->verticalScrollBar(), &QScrollBar::setValue);
    connect(
        m_after->verticalScrollBar(), &QScrollBar::valueChanged, m_before->verticalScrollBar(), &QScrollBar::setValue);
    clear();
}

void GroupingCompareView::clear()
{
    setMessage(tr("Select an issue to compare one of its events before and after."));
}

void GroupingCompareView::setMessage(const QString& message)
{
    m_beforeModel->setResult({});
    m_afterModel->setResult({});
    setPlainText(m_message, message);
    m_message->show();
    for (QWidget* w : std::initializer_list<QWidget*> {m_beforeTitle, m_afterTitle, m_before, m_after})
        w->hide();
}

void GroupingCompareView::setComparison(const regroup::EventGroupingComparison& comparison)
{
    auto before = std::make_shared<const grouping::GroupingResult>(comparison.before);
    auto after = std::make_shared<const grouping::GroupingResult>(comparison.after);
    m_beforeModel->setResult(before, after);
    m_afterModel->setResult(after, before);
    const bool changed = before->primaryHash() != after->primaryHash();
    setPlainText(m_beforeTitle, sideTitle(tr("Before (stored rules)"), *before, false));
    setPlainText(m_afterTitle, sideTitle(tr("After (these rules)"), *after, changed));
    m_message->hide();
    for (QWidget* w : std::initializer_list<QWidget*> {m_beforeTitle, m_afterTitle, m_before, m_after})
        w->show();
    expandContributing(m_before);
    expandContributing(m_after);
}

QString GroupingCompareView::beforeText() const
{
    return m_beforeTitle->text();
}

QString GroupingCompareView::afterText() const
{
    return m_afterTitle->text();
}

int GroupingCompareView::changedRows() const
{
    return countChanged(m_beforeModel, {}) + countChanged(m_afterModel, {});
}

} // namespace stackdeck::ui

#include "exceptionpane.h"

#include "common/plaintext.h"
#include "itemmodels/jsontree.h"
#include "stacktraceview.h"
#include "store/notes.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include <map>

namespace stackdeck::ui {

namespace {
constexpr int kTopLevelStack = -1;
}

QString mechanismText(const Mechanism& m)
{
    QStringList parts;
    if (m.handled)
        parts << (*m.handled ? QStringLiteral("handled") : QStringLiteral("unhandled"));
    if (!m.type.empty())
        parts << QStringLiteral("mechanism: ") + qs(m.type);
    if (!m.source.empty())
        parts << QStringLiteral("via ") + qs(m.source);
    if (m.isExceptionGroup.value_or(false))
        parts << ExceptionPane::tr("exception group");
    if (m.synthetic.value_or(false))
        parts << QStringLiteral("synthetic");
    return parts.join(QStringLiteral(" · "));
}

QString exceptionHeadline(const ExceptionValue& ex)
{
    const QString type = qs(ex.type);
    const QString value = qs(ex.value);
    if (type.isEmpty())
        return value;
    return value.isEmpty() ? type : type + QStringLiteral(": ") + value;
}

ExceptionPane::ExceptionPane(QWidget* parent)
    : EventPane(parent)
    , m_model(new NodeTreeModel({tr("Exception"), tr("Mechanism")}, this))
    , m_chain(new QTreeView(this))
    , m_headline(new QLabel(this))
    , m_stack(new StackTraceView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = m_headline->font();
    f.setBold(true);
    m_headline->setFont(f);
    m_headline->setObjectName(QStringLiteral("exceptionHeadline"));
    m_chain->setModel(m_model);
    m_chain->setRootIsDecorated(true);
    m_chain->setUniformRowHeights(true);
    m_chain->header()->setStretchLastSection(true);
    m_chain->setColumnWidth(0, 420);
    m_chain->setObjectName(QStringLiteral("exceptionChain"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chain);
    split->addWidget(m_stack);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({110, 400});
    layout->addWidget(m_headline);
    layout->addWidget(split, 1);
    connect(m_chain->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& idx) {
        if (idx.isValid())
            showStackOf(static_cast<int>(
                m_model->index(idx.row(), 0, idx.parent()).data(NodeTreeModel::NumberRole).toLongLong()));
    });
}

bool ExceptionPane::hasContent(const LoadedEvent& event) const
{
    return !event.event.exceptions.empty() || event.event.stacktrace.has_value();
}

void ExceptionPane::populate(const LoadedEvent& event)
{
    m_current = &event;
    const auto& exceptions = event.event.exceptions;
    auto root = std::make_unique<TreeNode>();
    const int n = static_cast<int>(exceptions.size());
    bool grouped = false;
    for (const auto& ex : exceptions)
        grouped = grouped || (ex.mechanism && ex.mechanism->exceptionId);
    auto makeNode = [&](TreeNode* parent, int i) {
        const auto& ex = exceptions[static_cast<std::size_t>(i)];
        TreeNode* node = parent->add(exceptionHeadline(ex), ex.mechanism ? mechanismText(*ex.mechanism) : QString());
        node->number = i;
        if (i == n - 1) {
            node->flags |= TreeNode::Strong;
            node->text[1]
                = node->text[1].isEmpty() ? QStringLiteral("reported") : QStringLiteral("reported · ") + node->text[1];
        }
        if (!ex.stacktrace || ex.stacktrace->frames.empty())
            node->tooltip = tr("no stack trace");
        return node;
    };
    if (grouped) {
        std::map<std::uint64_t, TreeNode*> byId;
        std::vector<int> pending;
        // Roots (no parent) first, then attach children in list order until nothing moves.
        for (int i = n - 1; i >= 0; --i) {
            const auto& m = exceptions[static_cast<std::size_t>(i)].mechanism;
            if (!m || !m->parentId)
                byId[m && m->exceptionId ? *m->exceptionId : UINT64_MAX - static_cast<std::uint64_t>(i)]
                    = makeNode(root.get(), i);
            else
                pending.push_back(i);
        }
        bool moved = true;
        while (!pending.empty() && moved) {
            moved = false;
            std::vector<int> rest;
            for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
                const auto& m = *exceptions[static_cast<std::size_t>(*it)].mechanism;
                auto parentIt = byId.find(*m.parentId);
                if (parentIt == byId.end()) {
                    rest.insert(rest.begin(), *it);
                    continue;
                }
                TreeNode* node = makeNode(parentIt->second, *it);
                if (m.exceptionId)
                    byId[*m.exceptionId] = node;
                moved = true;
            }
            pending = std::move(rest);
        }
        for (int i : pending)
            makeNode(root.get(), i); // dangling parent ids: show them at the top level
    } else {
        for (int i = 0; i < n; ++i)
            makeNode(root.get(), i);
    }
    if (event.event.stacktrace) {
        TreeNode* node = root->add(tr("Stack trace"), QStringLiteral("attached to the event"));
        node->number = kTopLevelStack;
    }
    m_model->setRoot(std::move(root));
    m_chain->expandAll();
    const int rows = static_cast<int>(exceptions.size()) + (event.event.stacktrace ? 1 : 0);
    m_chain->setMaximumHeight(
        std::min(rows, 6) * (m_chain->fontMetrics().height() + 6) + m_chain->header()->height() + 8);
    if (const auto* reported = event.event.reportedException())
        setPlainText(m_headline, exceptionHeadline(*reported));
    else if (event.event.logentry)
        setPlainText(m_headline, firstLine(qs(event.event.logentry->displayText()), 500));
    else
        setPlainText(m_headline, QString());
    selectException(n > 0 ? n - 1 : kTopLevelStack);
}

void ExceptionPane::selectException(int index)
{
    std::function<QModelIndex(const QModelIndex&)> find = [&](const QModelIndex& parent) -> QModelIndex {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex idx = m_model->index(r, 0, parent);
            if (idx.data(NodeTreeModel::NumberRole).toLongLong() == index)
                return idx;
            if (auto found = find(idx); found.isValid())
                return found;
        }
        return {};
    };
    const QModelIndex idx = find({});
    if (idx.isValid())
        m_chain->setCurrentIndex(idx);
    showStackOf(index);
}

void ExceptionPane::showStackOf(int exceptionIndex)
{
    if (!m_current)
        return;
    const auto& ev = m_current->event;
    const QString platform = qs(ev.platform);
    if (exceptionIndex == kTopLevelStack || exceptionIndex < 0
        || exceptionIndex >= static_cast<int>(ev.exceptions.size())) {
        const nlohmann::ordered_json* meta
            = m_current->meta.is_object() ? metaAt(m_current->meta, {"stacktrace"}) : nullptr;
        m_stack->setNoteStack(std::string(store::kEventStack));
        m_stack->setStacktrace(ev.stacktrace ? &*ev.stacktrace : nullptr, meta,
            ev.logentry ? qs(ev.logentry->displayText()) : QString(), platform);
        return;
    }
    const auto& ex = ev.exceptions[static_cast<std::size_t>(exceptionIndex)];
    const nlohmann::ordered_json* meta = m_current->meta.is_object()
        ? metaAt(m_current->meta, {"exception", "values", std::to_string(exceptionIndex), "stacktrace"})
        : nullptr;
    m_stack->setNoteStack(store::exceptionStack(exceptionIndex));
    m_stack->setStacktrace(ex.stacktrace ? &*ex.stacktrace : nullptr, meta, exceptionHeadline(ex), platform);
}

void ExceptionPane::activateFind()
{
    m_stack->activateFind();
}

} // namespace stackdeck::ui

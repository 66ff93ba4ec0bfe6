#include "comparisonview.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "comparisonmodel.h"
#include "timemapping.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace stackdeck::ui {

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_model(new ComparisonModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(m_tree, 1);
}

void ComparisonView::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    setTraces(nullptr, nullptr);
}

void ComparisonView::compare(const QString& traceA, const QString& traceB)
{
    const quint64 generation = ++m_generation;
    m_summary->setText(tr("Comparing %1 with %2…").arg(traceA, traceB));
    using Pair = Result<std::pair<TracePtr, TracePtr>>;
    auto job = QtConcurrent::run([session = m_session, a = traceA.toStdString(), b = traceB.toStdString()]() -> Pair {
        auto first = readTrace(session, a);
        if (!first)
            return first.error();
        auto second = readTrace(session, b);
        if (!second)
            return second.error();
        return std::make_pair(std::move(first).value(), std::move(second).value());
    });
    whenFinished(this, job, [this, generation](Pair result) {
        if (generation != m_generation)
            return;
        if (!result) {
            m_summary->setText(qs(result.error().message));
            Q_EMIT loadFailed(qs(result.error().message));
            return;
        }
        setTraces(result->first, result->second);
    });
}

void ComparisonView::setTraces(TracePtr a, TracePtr b)
{
    if (!a || !b) {
        m_model->setComparison({});
        m_summary->clear();
        return;
    }
    m_model->setComparison(trace::compareTraces(*a, *b));
    const auto& c = m_model->comparison();
    const auto duration = [](const trace::Trace& t) {
        return t.root >= 0 ? t.spans[static_cast<std::size_t>(t.root)].adjustedDuration() : Micros {0};
    };
    const auto rootName = [](const trace::Trace& t) { return firstLine(qs(t.summary().rootName), 120); };
    m_summary->setText(tr("A: %1 (%2, %3)   B: %4 (%5, %6)\n%7 matched · %8 only in A · %9 only in B")
                           .arg(qs(a->traceId).left(12), rootName(*a), durationText(duration(*a)))
                           .arg(qs(b->traceId).left(12), rootName(*b), durationText(duration(*b)))
                           .arg(c.matched)
                           .arg(c.onlyInA)
                           .arg(c.onlyInB));
    m_tree->expandToDepth(3);
    Q_EMIT compared();
}

} // namespace stackdeck::ui

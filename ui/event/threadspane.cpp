#include "threadspane.h"

#include "common/plaintext.h"
#include "itemmodels/jsontree.h"
#include "stacktraceview.h"
#include "store/notes.h"

#include <QComboBox>
#include <QVBoxLayout>

#include <algorithm>

namespace stackdeck::ui {

ThreadsPane::ThreadsPane(QWidget* parent)
    : EventPane(parent)
    , m_picker(new QComboBox(this))
    , m_stack(new StackTraceView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_picker->setObjectName(QStringLiteral("threadPicker"));
    m_picker->setMinimumContentsLength(12); // the list drops down as wide as the names need
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_stack->addHeaderWidget(m_picker);
    layout->addWidget(m_stack, 1);
    connect(m_picker, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            showThread(m_picker->itemData(i).toInt());
    });
}

bool ThreadsPane::hasContent(const LoadedEvent& event) const
{
    return !event.event.threads.empty();
}

std::vector<int> ThreadsPane::displayOrder(const std::vector<Thread>& threads)
{
    std::vector<int> order(threads.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    auto rank = [&](int i) {
        const Thread& t = threads[static_cast<std::size_t>(i)];
        if (t.crashed.value_or(false))
            return 0;
        if (t.current.value_or(false))
            return 1;
        return 2;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rank(a) < rank(b); });
    return order;
}

void ThreadsPane::populate(const LoadedEvent& event)
{
    m_current = &event;
    const QSignalBlocker block(m_picker);
    m_picker->clear();
    for (int i : displayOrder(event.event.threads)) {
        const Thread& t = event.event.threads[static_cast<std::size_t>(i)];
        QString label = t.name.empty() ? tr("Thread") : qs(t.name);
        if (!t.id.empty())
            label += QStringLiteral(" (") + qs(t.id) + QLatin1Char(')');
        if (t.crashed.value_or(false))
            label += QStringLiteral(" — crashed");
        else if (t.current.value_or(false))
            label += QStringLiteral(" — current");
        if (!t.stacktrace)
            label += tr(" — no stack trace");
        m_picker->addItem(label, i);
    }
    m_picker->setCurrentIndex(0);
    showThread(m_picker->count() > 0 ? m_picker->itemData(0).toInt() : -1);
}

void ThreadsPane::showThread(int threadIndex)
{
    if (!m_current || threadIndex < 0 || threadIndex >= static_cast<int>(m_current->event.threads.size())) {
        m_stack->setStacktrace(nullptr, nullptr, {}, {});
        return;
    }
    const Thread& t = m_current->event.threads[static_cast<std::size_t>(threadIndex)];
    const nlohmann::ordered_json* meta = m_current->meta.is_object()
        ? metaAt(m_current->meta, {"threads", "values", std::to_string(threadIndex), "stacktrace"})
        : nullptr;
    m_stack->setNoteStack(store::threadStack(threadIndex));
    m_stack->setStacktrace(t.stacktrace ? &*t.stacktrace : nullptr, meta, qs(t.name), qs(m_current->event.platform));
}

void ThreadsPane::activateFind()
{
    m_stack->activateFind();
}

} // namespace stackdeck::ui

#include "stacktraceview.h"

#include "codelinedelegate.h"
#include "common/plaintext.h"
#include "notes/eventnotes.h"
#include "notes/notemarkerdelegate.h"
#include "widgets/findbar.h"

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace stackdeck::ui {

QString formatStackText(const Stacktrace& stack, const QString& header, const QString& platform, bool newestFirst)
{
    QStringList lines;
    const bool python = platform == QLatin1String("python");
    const auto n = static_cast<int>(stack.frames.size());
    if (python) {
        // Python prints the most recent call last; follow the chosen order anyway.
        lines << (newestFirst ? QCoreApplication::translate("StackTraceView", "Traceback (most recent call first):")
                              : QCoreApplication::translate("StackTraceView", "Traceback (most recent call last):"));
    } else if (!header.isEmpty()) {
        lines << header;
    }
    for (int k = 0; k < n; ++k) {
        const Frame& f = stack.frames[static_cast<std::size_t>(newestFirst ? n - 1 - k : k)];
        if (python) {
            lines << QStringLiteral("  File \"%1\", line %2, in %3")
                         .arg(qs(f.absPath.empty() ? f.filename : f.absPath))
                         .arg(f.lineno.value_or(0))
                         .arg(frameFunction(f));
            if (!f.contextLine.empty())
                lines << QStringLiteral("    ") + qs(f.contextLine).trimmed();
        } else {
            lines << QStringLiteral("    at ") + frameFunction(f) + QStringLiteral(" (") + frameLocation(f)
                    + QLatin1Char(')');
        }
    }
    if (python && !header.isEmpty())
        lines << header;
    return lines.join(QLatin1Char('\n'));
}

StackTraceView::StackTraceView(QWidget* parent)
    : QWidget(parent)
    , m_model(new FrameModel(this))
    , m_tree(new QTreeView(this))
    , m_raw(new QPlainTextEdit(this))
    , m_find(new FindBar(m_raw, this))
    , m_stackWidget(new QStackedWidget(this))
    , m_appOnly(new QToolButton(this))
    , m_full(new QToolButton(this))
    , m_rawButton(new QToolButton(this))
    , m_order(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_markers(new NoteMarkerDelegate(
          [this](const QModelIndex& index) -> qint64 {
              // The mark sits at the end of a frame's row (its last column).
              if (index.parent().isValid() || index.column() != m_model->columnCount() - 1)
                  return -1;
              const QModelIndex first = index.siblingAtColumn(0);
              if (first.data(NodeTreeModel::KindRole).toInt() != FrameModel::FrameKind)
                  return -1;
              return first.data(NodeTreeModel::NumberRole).toLongLong();
          },
          new CodeLineDelegate(this), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bar = new QHBoxLayout;
    auto* group = new QButtonGroup(this);
    const std::pair<QToolButton*, QString> buttons[]
        = {{m_appOnly, tr("App only")}, {m_full, tr("Full")}, {m_rawButton, tr("Raw")}};
    for (const auto& [b, text] : buttons) {
        b->setText(text);
        b->setCheckable(true);
        b->setAutoRaise(false);
        group->addButton(b);
        m_bar->addWidget(b);
    }
    m_appOnly->setToolTip(tr("Show only frames from your application"));
    m_appOnly->setChecked(true);
    m_order->addItem(tr("Newest first"));
    m_order->addItem(tr("Oldest first"));
    m_order->setToolTip(tr("Order of the frames"));
    auto* copy = new QToolButton(this);
    copy->setText(tr("Copy stack trace"));
    copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copy->setObjectName(QStringLiteral("copyStack"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // gives way before the buttons do
    m_bar->addSpacing(8);
    m_bar->addWidget(m_order);
    m_bar->addSpacing(8);
    m_bar->addWidget(m_summary, 1);
    m_bar->addWidget(copy);
    layout->addLayout(m_bar);

    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(false);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->setColumnWidth(0, 320);
    m_tree->setObjectName(QStringLiteral("frames"));
    m_tree->setItemDelegate(m_markers);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (QMenu* menu = contextMenuFor(m_tree->indexAt(pos))) {
            menu->setAttribute(Qt::WA_DeleteOnClose);
            menu->popup(m_tree->viewport()->mapToGlobal(pos));
        }
    });
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* rawPage = new QWidget(this);
    auto* rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->addWidget(m_find);
    rawLayout->addWidget(m_raw);
    m_stackWidget->addWidget(m_tree);
    m_stackWidget->addWidget(rawPage);
    layout->addWidget(m_stackWidget, 1);

    connect(m_appOnly, &QToolButton::clicked, this, [this] { setMode(Mode::AppOnly); });
    connect(m_full, &QToolButton::clicked, this, [this] { setMode(Mode::Full); });
    connect(m_rawButton, &QToolButton::clicked, this, [this] { setMode(Mode::Raw); });
    connect(m_order, &QComboBox::activated, this, [this](int i) { setNewestFirst(i == 0); });
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(stackText()); });
}

void StackTraceView::addHeaderWidget(QWidget* widget)
{
    m_bar->insertWidget(0, widget);
    m_bar->insertSpacing(1, 8);
}

void StackTraceView::setNotes(EventNotes* notes)
{
    m_notes = notes;
    if (!notes)
        return;
    connect(notes, &EventNotes::changed, this, [this] { updateNoteMarkers(); });
    updateNoteMarkers();
}

void StackTraceView::setNoteStack(const std::string& stack)
{
    m_noteStack = stack;
    updateNoteMarkers();
}

void StackTraceView::updateNoteMarkers()
{
    if (m_notes)
        m_markers->setNotes(m_notes->markers(store::NoteTarget::Kind::Frame, m_noteStack));
    m_tree->viewport()->update();
}

QMenu* StackTraceView::contextMenuFor(const QModelIndex& index)
{
    QModelIndex frame = index.siblingAtColumn(0);
    while (frame.parent().isValid())
        frame = frame.parent();
    if (!m_notes || !frame.isValid() || frame.data(NodeTreeModel::KindRole).toInt() != FrameModel::FrameKind)
        return nullptr;
    const qint64 number = frame.data(NodeTreeModel::NumberRole).toLongLong();
    auto* menu = new QMenu(this);
    QAction* add = menu->addAction(tr("Add note…"));
    add->setObjectName(QStringLiteral("addFrameNote"));
    connect(add, &QAction::triggered, this,
        [this, number] { m_notes->startNote(store::NoteTarget::Kind::Frame, number, window(), m_noteStack); });
    return menu;
}

void StackTraceView::setStacktrace(
    const Stacktrace* stack, const nlohmann::ordered_json* meta, const QString& header, const QString& platform)
{
    m_stack = stack;
    m_meta = meta;
    m_header = header;
    m_platform = platform;
    rebuild();
}

void StackTraceView::setMode(Mode mode)
{
    m_mode = mode;
    m_appOnly->setChecked(mode == Mode::AppOnly);
    m_full->setChecked(mode == Mode::Full);
    m_rawButton->setChecked(mode == Mode::Raw);
    rebuild();
    Q_EMIT displayChanged();
}

void StackTraceView::setNewestFirst(bool newestFirst)
{
    m_newestFirst = newestFirst;
    m_order->setCurrentIndex(newestFirst ? 0 : 1);
    rebuild();
    Q_EMIT displayChanged();
}

QString StackTraceView::stackText() const
{
    return m_stack ? formatStackText(*m_stack, m_header, m_platform, m_newestFirst) : QString();
}

void StackTraceView::activateFind()
{
    if (m_mode != Mode::Raw)
        setMode(Mode::Raw);
    m_find->activate();
}

void StackTraceView::rebuild()
{
    const bool raw = m_mode == Mode::Raw;
    m_stackWidget->setCurrentIndex(raw ? 1 : 0);
    if (raw) {
        m_raw->setPlainText(stackText());
        m_summary->setText(QString());
        return;
    }
    StackDisplay display;
    display.appOnly = m_mode == Mode::AppOnly;
    display.newestFirst = m_newestFirst;
    m_model->setStacktrace(m_stack, m_meta, display);
    // Context lines span the row: line number and code side by side at the pane's full width.
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex frame = m_model->index(r, 0);
        for (int c = 0; c < m_model->rowCount(frame); ++c) {
            if (m_model->index(c, 0, frame).data(NodeTreeModel::KindRole).toInt() == FrameModel::ContextKind)
                m_tree->setFirstColumnSpanned(c, frame, true);
        }
    }
    const int total = m_stack ? static_cast<int>(m_stack->frames.size()) : 0;
    QString summary = tr("%1 frames").arg(total);
    if (m_model->hiddenFrames() > 0)
        summary += tr(", %1 not in app hidden").arg(m_model->hiddenFrames());
    if (m_stack && display.appOnly && !hasInAppFrames(*m_stack))
        summary += tr(" (no frame is marked in-app: showing all)");
    m_summary->setText(summary);
    // Open the frame that crashed (the newest in-app frame, else the newest frame) like Sentry does.
    const int rows = m_model->rowCount();
    int target = -1;
    for (int k = 0; k < rows; ++k) {
        const int r = m_newestFirst ? k : rows - 1 - k;
        const QModelIndex idx = m_model->index(r, 0);
        if (idx.data(NodeTreeModel::KindRole).toInt() != FrameModel::FrameKind)
            continue;
        if (target < 0)
            target = r;
        if (idx.data(NodeTreeModel::FlagsRole).toUInt() & TreeNode::InApp) {
            target = r;
            break;
        }
    }
    if (target >= 0) {
        m_tree->expand(m_model->index(target, 0));
        m_tree->scrollTo(m_model->index(target, 0), QAbstractItemView::PositionAtTop);
    }
}

} // namespace stackdeck::ui

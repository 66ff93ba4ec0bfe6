#include "groupingpane.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "itemmodels/contributingfilter.h"
#include "itemmodels/groupingtreemodel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <set>

namespace stackdeck::ui {

namespace {
constexpr QLatin1String kShowAllKey("grouping/showNonContributing");

QString hashList(const std::vector<std::string>& hashes)
{
    QStringList parts;
    for (const auto& h : hashes)
        parts << qs(h);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

int ruleLines(const std::string& text)
{
    int n = 0;
    for (const auto& line : QString::fromStdString(text).split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        n += !t.isEmpty() && !t.startsWith(QLatin1Char('#'));
    }
    return n;
}
} // namespace

QString hashComparison(const store::EventRow& row, const std::vector<std::string>& serverHashes,
    const grouping::GroupingResult& computed, bool* differs)
{
    bool bad = false;
    QStringList lines;
    const std::string& primary = computed.primaryHash();
    if (!serverHashes.empty()) {
        const std::set<std::string> server(serverHashes.begin(), serverHashes.end());
        const std::set<std::string> mine(computed.hashes.begin(), computed.hashes.end());
        if (server == mine) {
            lines << QCoreApplication::translate(
                "GroupingPane", "The event carried the server's hashes; they match the computed ones.");
        } else {
            bad = true;
            lines << QCoreApplication::translate(
                         "GroupingPane", "The event carried server hashes that differ from the computed ones: server ")
                    + hashList(serverHashes) + QStringLiteral("; computed ") + hashList(computed.hashes)
                    + QStringLiteral(". The server's hashes group it (the server may use another grouping config "
                                     "or project rules).");
        }
    }
    if (!row.primaryHash.empty()) {
        const bool known = row.primaryHash == primary
            || std::find(computed.hashes.begin(), computed.hashes.end(), row.primaryHash) != computed.hashes.end();
        if (known) {
            lines << QCoreApplication::translate("GroupingPane", "Stored under ") + qs(row.primaryHash)
                    + GroupingPane::tr(", a hash the project's current rules compute.");
        } else if (serverHashes.empty()) {
            bad = true;
            lines << QCoreApplication::translate("GroupingPane", "Stored under ") + qs(row.primaryHash)
                    + GroupingPane::tr("; the project's current rules compute ") + qs(primary)
                    + GroupingPane::tr(". Regrouping (Project › Grouping rules…) would move the event.");
        } else {
            lines << QCoreApplication::translate("GroupingPane", "Stored under the server's hash ")
                    + qs(row.primaryHash) + QLatin1Char('.');
        }
    }
    if (differs)
        *differs = bad;
    return lines.join(QLatin1Char('\n'));
}

GroupingPane::GroupingPane(QWidget* parent)
    : EventPane(parent)
    , m_summary(new QLabel(this))
    , m_hashes(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_showAll(new QCheckBox(tr("Show non-contributing"), this))
    , m_model(new GroupingTreeModel(this))
    , m_filter(new ContributingFilter(this))
    , m_view(new QTreeView(this))
{
    qRegisterMetaType<GroupingExplanation>();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    for (QLabel* l : {m_summary, m_hashes, m_detail}) {
        l->setTextFormat(Qt::PlainText);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_summary->setObjectName(QStringLiteral("groupingSummary"));
    m_hashes->setObjectName(QStringLiteral("groupingHashes"));
    m_detail->setObjectName(QStringLiteral("groupingDetail"));
    m_detail->setMinimumHeight(2 * m_detail->fontMetrics().height());
    m_detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_showAll->setObjectName(QStringLiteral("groupingShowAll"));
    m_showAll->setToolTip(tr("Show the variants and values that do not go into the hash, with the reason"));
    m_showAll->setChecked(QSettings().value(kShowAllKey, true).toBool());
    m_filter->setShowNonContributing(m_showAll->isChecked());
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setObjectName(QStringLiteral("groupingTree"));
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(GroupingTreeModel::NameColumn, 190);
    m_view->setColumnWidth(GroupingTreeModel::ValueColumn, 250);

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_showAll, 0, Qt::AlignTop);
    layout->addLayout(top);
    layout->addWidget(m_hashes);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detail);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& idx) { showDetail(idx); });
    connect(m_showAll, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kShowAllKey, on);
        m_filter->setShowNonContributing(on);
        expandContributing();
    });
}

bool GroupingPane::hasContent(const LoadedEvent& event) const
{
    return event.error.isEmpty() && event.event.type != EventType::Transaction;
}

void GroupingPane::populate(const LoadedEvent& event)
{
    const quint64 job = ++m_job;
    m_computing = true;
    m_row = event.row;
    m_serverHashes = event.event.hashes;
    m_model->setResult({});
    setPlainText(m_summary, tr("Grouping the event…"));
    m_hashes->clear();
    // The worker gets its own copy: the loaded event may be replaced while it runs.
    auto copy = std::make_shared<const Event>(event.event);
    auto future = QtConcurrent::run([session = m_session, project = event.row.project, copy] {
        return explainGrouping(session.get(), project, *copy);
    });
    whenFinished(this, std::move(future), [this, job](GroupingExplanation result) {
        if (job != m_job)
            return; // a newer event is already being grouped
        showGrouping(std::move(result));
    });
}

void GroupingPane::showGrouping(GroupingExplanation grouping)
{
    m_grouping = std::move(grouping);
    m_computing = false;
    const grouping::GroupingResult& r = *m_grouping.result;
    m_model->setResult(m_grouping.result);
    expandContributing();
    if (m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(0, 0));
    else
        showDetail({});

    QStringList facts;
    const auto primary = std::find_if(
        r.variants.begin(), r.variants.end(), [&](const auto& v) { return v.hash && *v.hash == r.primaryHash(); });
    if (primary != r.variants.end())
        facts << tr("Grouped by the %1 variant (%2)").arg(qs(primary->name), variantTypeText(*primary));
    else
        facts << tr("No variant contributes");
    const auto contributing
        = std::count_if(r.variants.begin(), r.variants.end(), [](const auto& v) { return v.contributes; });
    facts << tr("%1 of %2 variants contribute").arg(contributing).arg(r.variants.size());
    const int stack = ruleLines(m_grouping.rules.enhancements);
    const int fingerprint = ruleLines(m_grouping.rules.fingerprintRules);
    facts << (stack + fingerprint == 0
            ? tr("built-in rules only")
            : tr("project rules: %1 stack-trace, %2 fingerprint").arg(stack).arg(fingerprint));
    QString summary = facts.join(QStringLiteral(" · "));
    if (r.title)
        summary += tr("\nTitle from the fingerprint rule: ") + qs(*r.title);
    for (const auto& e : r.configErrors)
        summary += tr("\nIgnored project rule: ") + qs(e);
    if (!m_grouping.rulesError.empty())
        summary += tr("\nThe project's rules could not be read (built-in rules used): ") + qs(m_grouping.rulesError);
    setPlainText(m_summary, summary);

    bool differs = false;
    setPlainText(m_hashes, hashComparison(m_row, m_serverHashes, r, &differs));
    QFont f = m_hashes->font();
    f.setBold(differs);
    m_hashes->setFont(f);
    m_hashes->setForegroundRole(differs ? QPalette::WindowText : QPalette::PlaceholderText);
    m_hashes->setVisible(!m_hashes->text().isEmpty());
    Q_EMIT computed();
}

void GroupingPane::expandContributing()
{
    // Contributing variants open to their leaves; the others stay closed (a click opens them).
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const QModelIndex idx = m_filter->index(r, 0);
        if (idx.data(GroupingTreeModel::ContributesRole).toBool())
            m_view->expandRecursively(idx);
        else
            m_view->collapse(idx);
    }
}

void GroupingPane::showDetail(const QModelIndex& index)
{
    if (!index.isValid()) {
        setPlainText(m_detail, tr("Select a row to see why it does or does not contribute."));
        m_detail->setForegroundRole(QPalette::PlaceholderText);
        return;
    }
    const QModelIndex row = index.siblingAtColumn(GroupingTreeModel::NameColumn);
    const QString name = row.data().toString();
    const QString values = row.siblingAtColumn(GroupingTreeModel::ValueColumn).data().toString();
    const QString hint = row.data(GroupingTreeModel::HintRole).toString();
    const bool contributes = row.data(GroupingTreeModel::ContributesRole).toBool();
    QString text = name + (values.isEmpty() ? QString() : QStringLiteral(" = ") + firstLine(values, 400));
    if (row.data(GroupingTreeModel::KindRole).toInt() == static_cast<int>(GroupingTreeModel::Kind::Variant)) {
        QString h = hint;
        if (!h.isEmpty())
            h[0] = h[0].toUpper();
        text += QLatin1Char('\n') + h;
    } else {
        text += contributes ? tr("\nContributes to the hash") : tr("\nDoes not contribute");
        if (!hint.isEmpty())
            text += QStringLiteral(": ") + hint;
    }
    setPlainText(m_detail, text);
    m_detail->setForegroundRole(QPalette::WindowText);
}

QString GroupingPane::detailText() const
{
    return m_detail->text();
}

QString GroupingPane::summaryText() const
{
    return m_summary->text();
}

QString GroupingPane::hashesText() const
{
    return m_hashes->text();
}

} // namespace stackdeck::ui

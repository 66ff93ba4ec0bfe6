#include "sidebar.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "itemmodels/issuelistmodel.h"
#include "itemmodels/nodetreemodel.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

namespace {
class SidebarModel : public NodeTreeModel {
public:
    SidebarModel(QObject* parent)
        : NodeTreeModel({Sidebar::tr("Name"), Sidebar::tr("Count")}, parent)
    {
    }

protected:
    QVariant styleData(const TreeNode& node, int column, int role) const override
    {
        if (role == Qt::DecorationRole && column == 0 && node.kind == Sidebar::StatusItem && node.number >= 0)
            return statusIcon(static_cast<IssueStatus>(node.number));
        if (role == Qt::TextAlignmentRole && column == 1)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ForegroundRole && column == 1)
            return QVariant();
        return NodeTreeModel::styleData(node, column, role);
    }
};
} // namespace

Sidebar::Sidebar(QWidget* parent)
    : QWidget(parent)
    , m_model(new SidebarModel(this))
    , m_view(new QTreeView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view->setModel(m_model);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->setObjectName(QStringLiteral("sidebar"));
    m_view->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_view);
    connect(m_view, &QTreeView::clicked, this, &Sidebar::onClicked);
    connect(m_view, &QTreeView::activated, this, &Sidebar::onClicked);
}

void Sidebar::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_path = m_session ? QString::fromStdString(m_session->path()) : QString();
    m_project = ProjectId();
    m_status = 0;
    m_environment.clear();
    m_release.clear();
    m_contents = Contents {};
    ++m_job; // what a job for the old workspace finds is dropped
    rebuild();
    refresh();
}

void Sidebar::refresh()
{
    if (!m_session)
        return;
    // The status counts follow the other choices (project, environment, release).
    std::vector<SqlFilter> others;
    if (m_project.isValid())
        others.push_back(store::projectFilter(m_project));
    if (!m_environment.isEmpty())
        others.push_back(store::tagFilter("environment", m_environment.toStdString()));
    if (!m_release.isEmpty())
        others.push_back(store::tagFilter("release", m_release.toStdString()));
    const quint64 job = ++m_job;
    ++m_pending;
    auto read = [session = m_session, scope = store::andFilters(others)] { return readContents(*session, scope); };
    whenFinished(this, QtConcurrent::run(std::move(read)), [this, job](const Contents& contents) {
        --m_pending;
        if (job != m_job)
            return;
        if (!contents.error.empty())
            qWarning("stackdeck: reading the sidebar's lists and counts failed: %s", contents.error.c_str());
        m_contents = contents;
        rebuild();
        Q_EMIT refreshed();
    });
}

Sidebar::Contents Sidebar::readContents(store::WorkspaceSession& session, const SqlFilter& countScope)
{
    Contents out;
    auto reader = session.reader();
    if (!reader) {
        out.error = reader.error().message;
        return out;
    }
    sql::Database& db = reader->db();
    try {
        out.sources = store::listSources(db);
        out.projects = store::listProjects(db);
        out.counts = store::issueStatusCounts(db, countScope);
        out.environments = store::tagValuesByIssues(db, "environment", 30);
        out.releases = store::tagValuesByIssues(db, "release", 30);
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

SqlFilter Sidebar::scopeFilter() const
{
    std::vector<SqlFilter> parts;
    if (m_project.isValid())
        parts.push_back(store::projectFilter(m_project));
    if (m_status != kAllStatuses)
        parts.push_back(store::statusFilter(m_status));
    if (!m_environment.isEmpty())
        parts.push_back(store::tagFilter("environment", m_environment.toStdString()));
    if (!m_release.isEmpty())
        parts.push_back(store::tagFilter("release", m_release.toStdString()));
    return store::andFilters(parts);
}

QString Sidebar::statusLabel(int status) const
{
    if (status < 0 || status > 2)
        return {};
    return statusText(static_cast<IssueStatus>(status)) + QLatin1Char(' ')
        + QString::number(m_contents.counts[static_cast<std::size_t>(status)]);
}

void Sidebar::rebuild()
{
    auto root = std::make_unique<TreeNode>();
    auto sectionNode = [&](const QString& title) {
        TreeNode* n = root->add(title);
        n->flags = TreeNode::Strong | TreeNode::Muted;
        return n;
    };
    auto choice = [](TreeNode* n, bool chosen) {
        if (chosen)
            n->flags |= TreeNode::Strong;
    };
    TreeNode* ws = sectionNode(tr("Workspace"));
    if (!m_session) {
        ws->add(tr("none open"))->flags = TreeNode::Muted;
        m_model->setRoot(std::move(root));
        m_view->expandAll();
        return;
    }
    TreeNode* file = ws->add(QFileInfo(m_path).fileName());
    file->kind = WorkspaceSection;
    file->tooltip = QDir::toNativeSeparators(m_path);
    if (!m_contents.error.empty())
        ws->add(tr("could not be read"))->tooltip = QString::fromStdString(m_contents.error);
    const auto& sources = m_contents.sources;
    if (!sources.empty()) {
        TreeNode* src = ws->add(tr("Sources"), QString::number(sources.size()));
        src->kind = SourceItem;
        src->number = -1; // collapsed by default
        for (const auto& s : sources) {
            if (src->children.size() == 200) {
                src->add(tr("… %1 more").arg(sources.size() - 200))->flags = TreeNode::Muted;
                break;
            }
            TreeNode* n = src->add(qs(s.label.empty() ? s.location : s.label));
            n->kind = SourceItem;
            n->tooltip = qs(s.kind) + QStringLiteral(": ") + qs(s.location);
        }
    }

    TreeNode* proj = sectionNode(tr("Projects"));
    std::int64_t allIssues = 0;
    for (const auto& p : m_contents.projects)
        allIssues += p.issues;
    TreeNode* all = proj->add(tr("All projects"), QString::number(allIssues));
    all->kind = ProjectItem;
    choice(all, !m_project.isValid());
    for (const auto& p : m_contents.projects) {
        TreeNode* n = proj->add(qs(p.name), QString::number(p.issues));
        n->kind = ProjectItem;
        n->number = p.id.value;
        choice(n, m_project == p.id);
    }

    const auto& counts = m_contents.counts;
    TreeNode* status = sectionNode(tr("Status"));
    for (int s = 0; s < 3; ++s) {
        TreeNode* n = status->add(
            statusText(static_cast<IssueStatus>(s)), QString::number(counts[static_cast<std::size_t>(s)]));
        n->kind = StatusItem;
        n->number = s;
        choice(n, m_status == s);
    }
    TreeNode* allStatus = status->add(tr("all"), QString::number(counts[0] + counts[1] + counts[2]));
    allStatus->kind = StatusItem;
    allStatus->number = kAllStatuses;
    choice(allStatus, m_status == kAllStatuses);

    for (const bool env : {true, false}) {
        const auto& values = env ? m_contents.environments : m_contents.releases;
        const QString& chosen = env ? m_environment : m_release;
        if (values.empty())
            continue;
        TreeNode* sec = sectionNode(env ? tr("Environments") : tr("Releases"));
        TreeNode* any = sec->add(env ? tr("All environments") : tr("All releases"));
        any->kind = env ? EnvironmentItem : ReleaseItem;
        choice(any, chosen.isEmpty());
        for (const auto& v : values) {
            TreeNode* n = sec->add(qs(v.value), QString::number(v.issues));
            n->kind = env ? EnvironmentItem : ReleaseItem;
            n->text[2] = qs(v.value);
            n->tooltip = tr("%1 issues").arg(v.issues);
            choice(n, chosen == n->text[2]);
        }
    }
    m_model->setRoot(std::move(root));
    m_view->expandToDepth(0);
}

void Sidebar::onClicked(const QModelIndex& index)
{
    const QModelIndex first = index.siblingAtColumn(0);
    const int kind = first.data(NodeTreeModel::KindRole).toInt();
    const qint64 number = first.data(NodeTreeModel::NumberRole).toLongLong();
    const TreeNode* node = m_model->node(first);
    switch (kind) {
    case ProjectItem:
        m_project = ProjectId(number);
        break;
    case StatusItem:
        m_status = static_cast<int>(number);
        break;
    case EnvironmentItem:
        m_environment = node->text[2];
        break;
    case ReleaseItem:
        m_release = node->text[2];
        break;
    default:
        return;
    }
    rebuild();
    if (kind != StatusItem)
        refresh();
    Q_EMIT scopeChanged();
}

void Sidebar::setStatus(int status)
{
    m_status = status;
    rebuild();
    Q_EMIT scopeChanged();
}

void Sidebar::setProject(ProjectId project)
{
    m_project = project;
    rebuild();
    refresh();
    Q_EMIT scopeChanged();
}

void Sidebar::setEnvironment(const QString& environment)
{
    m_environment = environment;
    rebuild();
    refresh();
    Q_EMIT scopeChanged();
}

void Sidebar::setRelease(const QString& release)
{
    m_release = release;
    rebuild();
    refresh();
    Q_EMIT scopeChanged();
}

} // namespace stackdeck::ui

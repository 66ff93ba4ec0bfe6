#include "keyvaluepane.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "itemmodels/jsontree.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace stackdeck::ui {

KeyValuePane::KeyValuePane(QString name, QString title, Presence presence, Builder builder, QWidget* parent)
    : EventPane(parent)
    , m_name(std::move(name))
    , m_title(std::move(title))
    , m_presence(std::move(presence))
    , m_builder(std::move(builder))
    , m_model(new NodeTreeModel({tr("Key"), tr("Value")}, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTreeView(this))
    , m_filter(new QLineEdit(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_filter->setPlaceholderText(tr("Filter keys and values (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 240);
    m_view->setObjectName(m_name + QStringLiteral("View"));
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        m_view->expandAll();
    });
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& idx) {
        if (!m_clickable || idx.column() != 1 || idx.parent().isValid())
            return;
        Q_EMIT tagClicked(m_proxy->index(idx.row(), 0).data().toString(), idx.data().toString());
    });
}

void KeyValuePane::populate(const LoadedEvent& event)
{
    auto root = std::make_unique<TreeNode>();
    m_builder(event, *root);
    m_model->setRoot(std::move(root));
    // Sections (contexts, user, sdk) open; deep values stay closed.
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        m_view->expand(m_proxy->index(r, 0));
    m_view->resizeColumnToContents(0);
    m_view->setColumnWidth(0, std::clamp(m_view->columnWidth(0) + 16, 140, 360));
}

void KeyValuePane::activateFind()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

namespace {
void addPairs(TreeNode& parent, const Pairs& pairs)
{
    for (const auto& [k, v] : pairs)
        parent.add(qs(k), qs(v));
}

void addText(TreeNode& parent, const char* key, const std::string& value)
{
    if (!value.empty())
        parent.add(QString::fromLatin1(key), qs(value));
}
} // namespace

KeyValuePane* makeTagsPane(QWidget* parent)
{
    auto* pane = new KeyValuePane(
        QStringLiteral("tags"), QCoreApplication::translate("KeyValuePane", "Tags"),
        [](const LoadedEvent& e) { return !e.event.tags.empty(); },
        [](const LoadedEvent& e, TreeNode& root) {
            addPairs(root, e.event.tags);
            for (auto& c : root.children)
                c->tooltip
                    = QCoreApplication::translate("KeyValuePane", "Click the value to search for issues with this tag");
        },
        parent);
    pane->setValuesClickable(true);
    return pane;
}

KeyValuePane* makeContextPane(QWidget* parent)
{
    return new KeyValuePane(
        QStringLiteral("context"), QCoreApplication::translate("KeyValuePane", "Context"),
        [](const LoadedEvent& e) {
            return !e.event.contexts.empty() || (e.event.user && !e.event.user->isEmpty()) || e.event.sdk.has_value();
        },
        [](const LoadedEvent& e, TreeNode& root) {
            const Event& ev = e.event;
            if (ev.user) {
                TreeNode* user = root.add(QCoreApplication::translate("KeyValuePane", "User"));
                user->flags = TreeNode::Strong;
                addText(*user, "id", ev.user->id);
                addText(*user, "email", ev.user->email);
                addText(*user, "username", ev.user->username);
                addText(*user, "name", ev.user->name);
                addText(*user, "ip_address", ev.user->ipAddress);
                addText(*user, "segment", ev.user->segment);
                for (const auto* raw : {&ev.user->geo, &ev.user->data}) {
                    if (!raw->isNull())
                        addJsonNode(user, raw == &ev.user->geo ? QStringLiteral("geo") : QStringLiteral("data"),
                            parseJson(*raw));
                }
                if (!ev.user->other.isNull())
                    addJsonChildren(user, parseJson(ev.user->other));
            }
            for (const auto& ctx : ev.contexts) {
                const QString label = ctx.alias == ctx.type || ctx.type.empty()
                    ? qs(ctx.alias)
                    : qs(ctx.alias) + QStringLiteral(" (") + qs(ctx.type) + QLatin1Char(')');
                TreeNode* node = root.add(label);
                node->flags = TreeNode::Strong;
                const auto value = parseJson(ctx.value);
                const nlohmann::ordered_json* meta
                    = e.meta.is_object() ? metaAt(e.meta, {"contexts", ctx.alias}) : nullptr;
                if (!value.is_discarded())
                    addJsonChildren(node, value, meta);
            }
            if (ev.sdk) {
                TreeNode* sdk
                    = root.add(QStringLiteral("SDK"), qs(ev.sdk->name) + QLatin1Char(' ') + qs(ev.sdk->version));
                sdk->flags = TreeNode::Strong;
                addText(*sdk, "name", ev.sdk->name);
                addText(*sdk, "version", ev.sdk->version);
                if (!ev.sdk->integrations.empty()) {
                    QStringList names;
                    for (const auto& i : ev.sdk->integrations)
                        names << qs(i);
                    sdk->add(QStringLiteral("integrations"), names.join(QStringLiteral(", ")));
                }
                for (const auto& [name, version] : ev.sdk->packages)
                    sdk->add(QStringLiteral("package"), qs(name) + QLatin1Char(' ') + qs(version));
            }
            TreeNode* meta = root.add(QCoreApplication::translate("KeyValuePane", "Event"));
            meta->flags = TreeNode::Strong;
            addText(*meta, "event_id", ev.eventId);
            addText(*meta, "platform", ev.platform);
            addText(*meta, "release", ev.release);
            addText(*meta, "dist", ev.dist);
            addText(*meta, "environment", ev.environment);
            addText(*meta, "server_name", ev.serverName);
            addText(*meta, "logger", ev.logger);
            addText(*meta, "transaction", ev.transaction);
            if (!ev.fingerprint.empty()) {
                QStringList parts;
                for (const auto& f : ev.fingerprint)
                    parts << qs(f);
                meta->add(QStringLiteral("fingerprint"), parts.join(QStringLiteral(", ")));
            }
        },
        parent);
}

KeyValuePane* makeExtraPane(QWidget* parent)
{
    return new KeyValuePane(
        QStringLiteral("extra"), QCoreApplication::translate("KeyValuePane", "Extra"),
        [](const LoadedEvent& e) { return !e.event.extra.isNull() && e.event.extra.text != "{}"; },
        [](const LoadedEvent& e, TreeNode& root) {
            const auto value = parseJson(e.event.extra);
            const nlohmann::ordered_json* meta = e.meta.is_object() ? metaAt(e.meta, {"extra"}) : nullptr;
            if (!value.is_discarded())
                addJsonChildren(&root, value, meta);
        },
        parent);
}

KeyValuePane* makeModulesPane(QWidget* parent)
{
    return new KeyValuePane(
        QStringLiteral("modules"), QCoreApplication::translate("KeyValuePane", "Modules"),
        [](const LoadedEvent& e) { return !e.event.modules.empty(); },
        [](const LoadedEvent& e, TreeNode& root) { addPairs(root, e.event.modules); }, parent);
}

} // namespace stackdeck::ui

#include "requestpane.h"

#include "common/curl.h"
#include "common/jsontext.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "itemmodels/jsontree.h"
#include "widgets/findbar.h"
#include "widgets/largetext.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace stackdeck::ui {

namespace {
bool isFormContent(const Request& r)
{
    for (const auto& [k, v] : r.headers) {
        if (qs(k).compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
            return qs(v).contains(QLatin1String("form"), Qt::CaseInsensitive);
    }
    return r.inferredContentType.find("form") != std::string::npos;
}

char firstSignificant(std::string_view text)
{
    for (const char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
    }
    return 0;
}

TreeNode* section(TreeNode& root, const QString& title, qint64 count)
{
    TreeNode* s = root.add(title, QString::number(count));
    s->flags = TreeNode::Strong;
    return s;
}
} // namespace

RequestPane::RequestPane(QWidget* parent)
    : EventPane(parent)
    , m_url(new QLabel(this))
    , m_copyCurl(new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy as curl"), this))
    , m_model(new NodeTreeModel({tr("Name"), tr("Value")}, this))
    , m_tree(new QTreeView(this))
    , m_bodyLabel(new QLabel(tr("Body"), this))
    , m_body(new QPlainTextEdit(this))
    , m_find(new FindBar(m_body, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    m_url->setTextFormat(Qt::PlainText);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setWordWrap(true);
    m_url->setObjectName(QStringLiteral("requestUrl"));
    QFont f = m_url->font();
    f.setBold(true);
    m_url->setFont(f);
    m_copyCurl->setObjectName(QStringLiteral("copyCurl"));
    top->addWidget(m_url, 1);
    top->addWidget(m_copyCurl);
    layout->addLayout(top);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 220);
    m_body->setReadOnly(true);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setObjectName(QStringLiteral("requestBody"));
    auto* bodyBox = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    m_showAll = new QPushButton(this);
    m_showAll->hide();
    auto* bodyTop = new QHBoxLayout;
    bodyTop->addWidget(m_bodyLabel, 1);
    bodyTop->addWidget(m_showAll);
    bodyLayout->addLayout(bodyTop);
    bodyLayout->addWidget(m_find);
    bodyLayout->addWidget(m_body, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(bodyBox);
    split->setSizes({300, 200});
    layout->addWidget(split, 1);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(curlText()); });
}

QString RequestPane::curlText() const
{
    if (m_curl.isEmpty() && m_request)
        m_curl = curlCommand(*m_request);
    return m_curl;
}

QString RequestPane::urlLine() const
{
    return m_url->text();
}

void RequestPane::populate(const LoadedEvent& event)
{
    const Request& r = *event.event.request;
    const QString method = r.method.empty() ? QStringLiteral("GET") : qs(r.method).toUpper();
    setPlainText(m_url, method + QLatin1Char(' ') + fullUrl(r));
    m_request = &r;
    m_curl.clear();
    m_copyCurl->setToolTip(tr("Copy a curl command line that replays this request"));

    auto root = std::make_unique<TreeNode>();
    const nlohmann::ordered_json* meta = event.meta.is_object() ? metaAt(event.meta, {"request"}) : nullptr;
    if (!r.query.empty() || !r.queryString.empty()) {
        Pairs query = r.query;
        if (query.empty()) {
            const QUrlQuery q(qs(r.queryString));
            for (const auto& [k, v] : q.queryItems(QUrl::FullyDecoded))
                query.emplace_back(k.toStdString(), v.toStdString());
        }
        TreeNode* s = section(*root, tr("Query"), static_cast<qint64>(query.size()));
        for (const auto& [k, v] : query)
            s->add(qs(k), qs(v));
    }
    if (!r.headers.empty()) {
        TreeNode* s = section(*root, tr("Headers"), static_cast<qint64>(r.headers.size()));
        for (const auto& [k, v] : r.headers)
            s->add(qs(k), qs(v));
    }
    if (!r.cookies.empty() || !r.cookieString.empty()) {
        TreeNode* s = section(*root, tr("Cookies"), static_cast<qint64>(r.cookies.size()));
        for (const auto& [k, v] : r.cookies)
            s->add(qs(k), qs(v));
        if (r.cookies.empty())
            s->add(tr("Cookie"), qs(r.cookieString));
    }

    bool hasBody = false;
    if (!r.data.isNull()) {
        const nlohmann::ordered_json* bodyMeta = meta ? metaAt(*meta, {"data"}) : nullptr;
        hasBody = populateBody(r, *root, bodyMeta);
        const QString note = metaNote(bodyMeta);
        m_bodyLabel->setText(tr("Body")
            + (r.bodySize ? QStringLiteral(" (") + byteSize(*r.bodySize) + QLatin1Char(')') : QString())
            + (note.isEmpty() ? QString() : QStringLiteral(" — ") + note));
    }
    if (!r.env.isNull()) {
        const auto env = parseJson(r.env);
        TreeNode* s = section(*root, tr("Environment"), env.is_object() ? static_cast<qint64>(env.size()) : 0);
        if (!env.is_discarded())
            addJsonChildren(s, env);
    }
    TreeNode* other = nullptr;
    auto extra = [&](const char* key, const std::string& value) {
        if (value.empty())
            return;
        if (!other) {
            other = root->add(tr("Other"));
            other->flags = TreeNode::Strong;
        }
        other->add(QString::fromLatin1(key), qs(value));
    };
    extra("fragment", r.fragment);
    extra("inferred_content_type", r.inferredContentType);
    extra("api_target", r.apiTarget);
    extra("protocol", r.protocol);
    m_model->setRoot(std::move(root));
    m_tree->expandToDepth(0);
    if (!hasBody)
        m_body->clear();
    m_body->parentWidget()->setVisible(hasBody);
}

bool RequestPane::populateBody(const Request& r, TreeNode& root, const nlohmann::ordered_json* bodyMeta)
{
    // Bodies can be megabytes of JSON: objects, arrays and JSON inside a string are
    // pretty-printed straight from the text, producing only the lines that are shown.
    const std::string_view raw = r.data.text;
    const char first = firstSignificant(raw);
    if ((first == '[' || (first == '{' && !isFormContent(r)))
        && setCappedPrettyJson(m_body, m_showAll, std::string(raw)))
        return true;
    const auto body = parseJson(r.data, 512);
    QString bodyText;
    if (body.is_object() && isFormContent(r)) {
        TreeNode* s = section(root, tr("Form data"), static_cast<qint64>(body.size()));
        addJsonChildren(s, body, bodyMeta);
    } else if (body.is_string()) {
        const auto& text = body.get_ref<const std::string&>();
        const char inner = firstSignificant(text);
        if ((inner == '{' || inner == '[') && setCappedPrettyJson(m_body, m_showAll, text))
            return true;
        bodyText = qs(text);
    } else if (!body.is_discarded()) {
        bodyText = qs(body.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    } else {
        bodyText = qs(r.data.text);
    }
    setCappedPlainText(m_body, m_showAll, bodyText);
    return !bodyText.isEmpty();
}

void RequestPane::activateFind()
{
    if (m_body->parentWidget()->isVisible())
        m_find->activate();
}

} // namespace stackdeck::ui

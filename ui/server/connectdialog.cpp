#include "connectdialog.h"

#include "common/futurewatch.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

QList<ConnectDialog::Preset> ConnectDialog::presets()
{
    return {{tr("sentry.io"), QStringLiteral("https://sentry.io")},
        {tr("sentry.io, US region (us.sentry.io)"), QStringLiteral("https://us.sentry.io")},
        {tr("sentry.io, EU region (de.sentry.io)"), QStringLiteral("https://de.sentry.io")},
        {tr("Self-hosted Sentry"), QString()}, {tr("GlitchTip"), QStringLiteral("https://app.glitchtip.com")}};
}

ConnectDialog::ConnectDialog(QWidget* parent)
    : QDialog(parent)
    , m_preset(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_org(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_result(new QLabel(this))
    , m_test(new QPushButton(tr("&Test connection"), this))
{
    setWindowTitle(tr("Connect to a server"));
    setObjectName(QStringLiteral("connectDialog"));
    for (const auto& p : presets())
        m_preset->addItem(p.label, p.url);
    m_url->setPlaceholderText(QStringLiteral("https://sentry.example.com"));
    m_org->setPlaceholderText(tr("organization slug, as in the server's URLs"));
    m_name->setPlaceholderText(tr("a name for this account"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("auth token (sntryu_…)"));
    m_token->setObjectName(QStringLiteral("tokenEdit"));

    auto* scopes = new QLabel(tr("A personal token with the scopes org:read, project:read, event:read, member:read "
                                 "(assignees) and event:write (pushing triage and comments). It is kept in the "
                                 "system keychain, or in memory for this session where there is none; never in "
                                 "settings or the workspace."),
        this);
    scopes->setTextFormat(Qt::PlainText);
    scopes->setWordWrap(true);
    scopes->setForegroundRole(QPalette::PlaceholderText);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setObjectName(QStringLiteral("connectResult"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Server:"), m_preset);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Organization:"), m_org);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("To&ken:"), m_token);
    form->addRow(QString(), scopes);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Connect"));
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testConnection);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &ConnectDialog::presetChosen);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    auto changed = [this] {
        if (!m_nameEdited && !m_org->text().trimmed().isEmpty())
            m_name->setText(m_org->text().trimmed() + QLatin1Char('@') + QUrl(m_url->text().trimmed()).host());
        updateButtons();
    };
    for (QLineEdit* e : {m_url, m_org, m_token})
        connect(e, &QLineEdit::textChanged, this, changed);
    connect(m_name, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);
    presetChosen(0);
    resize(560, sizeHint().height());
}

ConnectDialog::~ConnectDialog()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ConnectDialog::presetChosen(int index)
{
    const QString url = m_preset->itemData(index).toString();
    m_url->setText(url);
    m_url->setReadOnly(!url.isEmpty() && index < 3);
    if (url.isEmpty())
        m_url->setFocus();
    updateButtons();
}

void ConnectDialog::updateButtons()
{
    const bool filled = QUrl(m_url->text().trimmed()).isValid() && !m_url->text().trimmed().isEmpty()
        && !m_org->text().trimmed().isEmpty() && !m_token->text().isEmpty();
    m_test->setEnabled(filled && !m_testing);
    m_ok->setEnabled(filled && !m_name->text().trimmed().isEmpty() && !m_testing);
}

QUrl ConnectDialog::baseUrl() const
{
    QUrl url = QUrl(m_url->text().trimmed()).adjusted(QUrl::StripTrailingSlash);
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return url;
}

store::ServerAccount ConnectDialog::account() const
{
    store::ServerAccount a;
    a.name = m_name->text().trimmed().toStdString();
    a.baseUrl = baseUrl().toString().toStdString();
    a.organization = m_org->text().trimmed().toStdString();
    return a;
}

QByteArray ConnectDialog::token() const
{
    return m_token->text().trimmed().toUtf8();
}

QString ConnectDialog::resultText() const
{
    return m_result->text();
}

void ConnectDialog::testConnection()
{
    if (m_testing)
        return;
    m_testing = true;
    updateButtons();
    m_result->setText(tr("Testing the connection…"));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const QUrl url = baseUrl();
    auto future = QtConcurrent::run(
        [url, org = m_org->text().trimmed(), token = token(), options = m_client, cancel = m_cancel] {
            return server::testConnection(url, org, token, options, cancel.get());
        });
    whenFinished(this, future, [this](const server::ConnectionCheck& check) {
        m_testing = false;
        updateButtons();
        if (check.ok()) {
            QString text
                = tr("Connected: organization \"%1\", %n project(s)", nullptr, check.projects)
                      .arg(check.organizationName.isEmpty() ? orgEdit()->text().trimmed() : check.organizationName);
            if (check.more)
                text += tr(" (and more)");
            if (!check.regionUrl.isEmpty())
                text += tr("; its data is served from %1").arg(check.regionUrl);
            m_result->setText(text);
        } else {
            m_result->setText(tr("Could not connect: %1").arg(check.error->message));
        }
        Q_EMIT tested(check.ok());
    });
}

} // namespace stackdeck::ui

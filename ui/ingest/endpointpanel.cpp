#include "endpointpanel.h"

#include "envelopeinspector.h"
#include "envelopelistmodel.h"
#include "forwardingbox.h"
#include "keptitemsview.h"
#include "sdksnippets.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace stackdeck::ui {

namespace {

const QString kPortKey = QStringLiteral("ingest/port");
const QString kBindKey = QStringLiteral("ingest/bind");
const QString kOriginsKey = QStringLiteral("ingest/origins");

struct CounterSpec {
    const char* name;
    const char* label;
    qint64 ingest::EndpointCounters::*field;
};

const CounterSpec kCounters[] = {
    {"counterRequests", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Requests"),
        &ingest::EndpointCounters::requests},
    {"counterAccepted", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Accepted"),
        &ingest::EndpointCounters::accepted},
    {"counterEvents", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Events stored"),
        &ingest::EndpointCounters::events},
    {"counterRejected", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Items rejected"),
        &ingest::EndpointCounters::rejectedItems},
    {"counterRefused", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Requests refused"),
        &ingest::EndpointCounters::refused},
    {"counterRateLimited", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Rate-limited (429)"),
        &ingest::EndpointCounters::rateLimited},
    {"counterSkipped", QT_TRANSLATE_NOOP("stackdeck::ui::EndpointPanel", "Not interpreted (kept)"),
        &ingest::EndpointCounters::skippedItems},
};

QPlainTextEdit* snippetView(QWidget* parent, const QString& objectName)
{
    auto* view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFixedHeight(view->fontMetrics().lineSpacing() * 3 + 2 * view->frameWidth() + 12);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return view;
}

QHostAddress chosenAddress(const QComboBox* combo)
{
    return QHostAddress(combo->currentData().toString());
}

} // namespace

EndpointPanel::EndpointPanel(EndpointController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_status(new QLabel(this))
    , m_startStop(new QPushButton(this))
    , m_bind(new QComboBox(this))
    , m_port(new QSpinBox(this))
    , m_origins(new QLineEdit(this))
    , m_warning(new QLabel(this))
    , m_project(new QComboBox(this))
    , m_dsn(new QLineEdit(this))
    , m_python(snippetView(this, QStringLiteral("pythonSnippet")))
    , m_javaScript(snippetView(this, QStringLiteral("javaScriptSnippet")))
    , m_dsnBox(new QWidget(this))
    , m_dsnHint(new QLabel(this))
    , m_kept(new KeptItemsView(this))
    , m_inspect(new QPushButton(tr("Inspect envelopes…"), this))
{
    setObjectName(QStringLiteral("endpointPanel"));
    setMaximumWidth(1100); // fields as wide as a full-screen window help nobody read a DSN
    auto* title = new QLabel(tr("Local DSN endpoint"), this);
    QFont big = title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    title->setFont(big);
    auto* intro = new QLabel(tr("Point any Sentry SDK at this endpoint: what it sends is stored in this workspace, "
                                "grouped and searchable as an import is, and kept."),
        this);
    intro->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("endpointStatus"));
    m_startStop->setObjectName(QStringLiteral("endpointStartStop"));
    connect(m_startStop, &QPushButton::clicked, this, &EndpointPanel::toggle);
    auto* head = new QGridLayout;
    head->addWidget(title, 0, 0);
    head->addWidget(m_startStop, 0, 1, 2, 1, Qt::AlignRight | Qt::AlignTop);
    head->addWidget(intro, 1, 0);
    head->addWidget(m_status, 2, 0, 1, 2);
    head->setColumnStretch(0, 1);

    // Where it listens.
    auto* listen = new QGroupBox(tr("Listening"), this);
    m_bind->setObjectName(QStringLiteral("bindAddress"));
    m_bind->addItem(tr("127.0.0.1 — this computer only"), QStringLiteral("127.0.0.1"));
    m_bind->addItem(tr("::1 — this computer only, IPv6"), QStringLiteral("::1"));
    m_bind->addItem(tr("0.0.0.0 — every network interface"), QStringLiteral("0.0.0.0"));
    for (const QHostAddress& a : QNetworkInterface::allAddresses()) {
        if (a.isLoopback() || a.isLinkLocal() || a.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        m_bind->addItem(tr("%1 — reachable from its network").arg(a.toString()), a.toString());
    }
    m_bind->setToolTip(tr("Another interface than this computer's own is only used when chosen here."));
    m_port->setObjectName(QStringLiteral("endpointPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("The DSN names the port: keep it fixed so the SDKs you set up keep working."));
    m_warning->setObjectName(QStringLiteral("bindWarning"));
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QFont strong = m_warning->font();
    strong.setBold(true);
    m_warning->setFont(strong);
    m_origins->setObjectName(QStringLiteral("allowedOrigins"));
    m_origins->setPlaceholderText(tr("off — e.g. http://localhost:5173"));
    m_origins->setClearButtonEnabled(true);
    auto* originsHint = new QLabel(tr("For browser SDKs only. Separate origins with spaces or commas; * allows any "
                                      "web page to send."),
        this);
    originsHint->setWordWrap(true);
    originsHint->setForegroundRole(QPalette::PlaceholderText);
    auto* warningIcon = new QLabel(this);
    warningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
    auto* warningRow = new QWidget(this);
    auto* warningLayout = new QHBoxLayout(warningRow);
    warningLayout->setContentsMargins(0, 0, 0, 0);
    warningLayout->addWidget(warningIcon, 0, Qt::AlignTop);
    warningLayout->addWidget(m_warning, 1);
    auto* listenForm = new QFormLayout(listen);
    listenForm->addRow(tr("Address:"), m_bind);
    listenForm->addRow(QString(), warningRow);
    listenForm->addRow(tr("Port:"), m_port);
    listenForm->addRow(tr("Allowed origins (CORS):"), m_origins);
    listenForm->addRow(QString(), originsHint);
    connect(m_bind, &QComboBox::currentIndexChanged, this, &EndpointPanel::updateWarning);
    m_warningRow = warningRow;

    // The DSN and the snippets.
    auto* dsnGroup = new QGroupBox(tr("DSN"), this);
    m_project->setObjectName(QStringLiteral("dsnProject"));
    m_dsn->setObjectName(QStringLiteral("dsnField"));
    m_dsn->setReadOnly(true);
    m_dsn->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* dsnRow = new QHBoxLayout;
    dsnRow->addWidget(m_dsn, 1);
    dsnRow->addWidget(copyButton(QStringLiteral("copyDsn"), [this] { return m_dsn->text(); }));
    auto* pythonRow = new QHBoxLayout;
    pythonRow->addWidget(m_python, 1);
    pythonRow->addWidget(
        copyButton(QStringLiteral("copyPython"), [this] { return m_python->toPlainText(); }), 0, Qt::AlignTop);
    auto* jsRow = new QHBoxLayout;
    jsRow->addWidget(m_javaScript, 1);
    jsRow->addWidget(
        copyButton(QStringLiteral("copyJavaScript"), [this] { return m_javaScript->toPlainText(); }), 0, Qt::AlignTop);
    auto* dsnForm = new QFormLayout(m_dsnBox);
    dsnForm->setContentsMargins(0, 0, 0, 0);
    dsnForm->addRow(tr("Project:"), m_project);
    dsnForm->addRow(tr("DSN:"), dsnRow);
    dsnForm->addRow(tr("Python:"), pythonRow);
    dsnForm->addRow(tr("JavaScript:"), jsRow);
    m_dsnHint->setWordWrap(true);
    m_dsnHint->setText(tr("Start the endpoint to get a DSN for each project of this workspace. The keys are kept in "
                          "the workspace: on the same port the DSN stays the same from one start to the next."));
    m_dsnHint->setForegroundRole(QPalette::PlaceholderText);
    auto* dsnLayout = new QVBoxLayout(dsnGroup);
    dsnLayout->addWidget(m_dsnHint);
    dsnLayout->addWidget(m_dsnBox);
    connect(m_project, &QComboBox::currentIndexChanged, this, &EndpointPanel::updateDsn);

    // What arrives.
    auto* activity = new QGroupBox(tr("Since the start"), this);
    auto* grid = new QGridLayout;
    int i = 0;
    for (const CounterSpec& spec : kCounters) {
        auto* value = new QLabel(QStringLiteral("0"), this);
        value->setObjectName(QLatin1String(spec.name));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        QFont bold = value->font();
        bold.setBold(true);
        value->setFont(bold);
        m_counters << value;
        const int row = i % 4;
        const int column = (i / 4) * 3;
        grid->addWidget(new QLabel(tr(spec.label), this), row, column);
        grid->addWidget(value, row, column + 1);
        ++i;
    }
    grid->setColumnMinimumWidth(2, 32);
    grid->setColumnStretch(6, 1);
    m_inspect->setObjectName(QStringLiteral("inspectEnvelopes"));
    connect(m_inspect, &QPushButton::clicked, this, [this] { openInspector(); });
    auto* activityLayout = new QVBoxLayout(activity);
    activityLayout->addLayout(grid);
    auto* inspectRow = new QHBoxLayout;
    inspectRow->addStretch(1);
    inspectRow->addWidget(m_inspect);
    activityLayout->addLayout(inspectRow);

    // What was kept besides events: in the workspace, so it is there after a restart.
    auto* keptGroup = new QGroupBox(tr("Kept as received"), this);
    auto* keptHint = new QLabel(tr("Items the endpoint does not interpret, and items it refused (with the reason) "
                                   "while storing the rest of their envelope. The newest %1; the oldest go past "
                                   "100,000 items or 256 MiB.")
                                    .arg(KeptItemsView::kListed),
        keptGroup);
    keptHint->setWordWrap(true);
    keptHint->setForegroundRole(QPalette::PlaceholderText);
    m_kept->setMinimumHeight(m_kept->fontMetrics().lineSpacing() * 12);
    m_kept->setMaximumHeight(m_kept->fontMetrics().lineSpacing() * 22);
    auto* keptLayout = new QVBoxLayout(keptGroup);
    keptLayout->addWidget(keptHint);
    keptLayout->addWidget(m_kept, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(listen);
    layout->addWidget(dsnGroup);
    m_forwarding = new ForwardingBox(m_controller, this);
    layout->addWidget(m_forwarding);
    layout->addWidget(activity);
    layout->addWidget(keptGroup);
    layout->addStretch(1);

    connect(m_controller, &EndpointController::stateChanged, this, &EndpointPanel::updateState);
    connect(m_controller, &EndpointController::startFailed, this, &EndpointPanel::updateState);
    connect(m_controller, &EndpointController::countersChanged, this, &EndpointPanel::showCounters);
    // The kept list follows the workspace and is read again as the endpoint commits (at most once a second).
    connect(m_controller, &EndpointController::stored, m_kept, [this] { m_kept->refresh(); });
    connect(m_controller, &EndpointController::stateChanged, m_kept, [this] {
        m_kept->setSession(m_controller->session());
        if (m_controller->state() == EndpointController::State::Stopped)
            m_kept->refresh();
    });
    m_kept->setSession(m_controller->session());
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_controller->envelopes(), signal, this, &EndpointPanel::updateInspectButton);
    connect(m_controller->envelopes(), &QAbstractItemModel::modelReset, this, &EndpointPanel::updateInspectButton);
    loadSettings();
    updateState();
    showCounters(m_controller->counters());
}

QPushButton* EndpointPanel::copyButton(const QString& objectName, std::function<QString()> text)
{
    auto* button = new QPushButton(tr("Copy"), this);
    button->setObjectName(objectName);
    connect(
        button, &QPushButton::clicked, this, [text = std::move(text)] { QApplication::clipboard()->setText(text()); });
    return button;
}

void EndpointPanel::loadSettings()
{
    QSettings settings;
    m_port->setValue(settings.value(kPortKey, kDefaultPort).toInt());
    const int bind = m_bind->findData(settings.value(kBindKey, QStringLiteral("127.0.0.1")).toString());
    m_bind->setCurrentIndex(std::max(bind, 0)); // an interface that is gone: back to this computer only
    m_origins->setText(settings.value(kOriginsKey).toString());
    updateWarning();
}

void EndpointPanel::saveSettings() const
{
    QSettings settings;
    settings.setValue(kPortKey, m_port->value());
    settings.setValue(kBindKey, m_bind->currentData().toString());
    settings.setValue(kOriginsKey, m_origins->text().trimmed());
}

EndpointSettings EndpointPanel::settings() const
{
    EndpointSettings out;
    out.bindAddress = chosenAddress(m_bind);
    out.port = static_cast<quint16>(m_port->value());
    out.allowedOrigins = m_origins->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    out.forwardDsns = m_forwarding->forwardDsns();
    return out;
}

void EndpointPanel::setPort(quint16 port)
{
    m_port->setValue(port);
}

void EndpointPanel::toggle()
{
    if (m_controller->state() == EndpointController::State::Stopped) {
        saveSettings();
        m_controller->start(settings());
    } else {
        m_controller->stop();
    }
}

EnvelopeInspector* EndpointPanel::openInspector()
{
    if (!m_inspector) {
        m_inspector = new EnvelopeInspector(m_controller->envelopes(), window());
        auto* kept = new KeptItemsView(m_inspector);
        kept->setSession(m_controller->session());
        connect(m_controller, &EndpointController::stored, kept, &KeptItemsView::refresh);
        connect(m_controller, &EndpointController::stateChanged, kept,
            [this, kept] { kept->setSession(m_controller->session()); });
        m_inspector->setKeptItemsView(kept);
        m_inspector->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_inspector->show();
    m_inspector->raise();
    return m_inspector;
}

EnvelopeInspector* EndpointPanel::inspector() const
{
    return m_inspector;
}

QString EndpointPanel::statusText() const
{
    return m_status->text();
}

QString EndpointPanel::counterText(const QString& objectName) const
{
    for (const QLabel* label : m_counters) {
        if (label->objectName() == objectName)
            return label->text();
    }
    return {};
}

void EndpointPanel::updateState()
{
    using State = EndpointController::State;
    const State state = m_controller->state();
    const bool stopped = state == State::Stopped;
    m_startStop->setText(stopped ? tr("Start") : tr("Stop"));
    m_startStop->setEnabled(state != State::Stopping && (m_controller->hasSession() || !stopped));
    for (QWidget* w : std::initializer_list<QWidget*> {m_bind, m_port, m_origins})
        w->setEnabled(stopped);
    const EndpointInfo& info = m_controller->info();
    switch (state) {
    case State::Stopped:
        if (!m_controller->errorString().isEmpty())
            m_status->setText(tr("Could not start: %1").arg(m_controller->errorString()));
        else if (!m_controller->hasSession())
            m_status->setText(tr("Stopped. Open a workspace first: the endpoint stores into it."));
        else
            m_status->setText(tr("Stopped. Start it to receive what SDKs send."));
        break;
    case State::Starting:
        m_status->setText(tr("Starting…"));
        break;
    case State::Running:
        m_status->setText(tr("Listening on %1 — SDKs can send now.").arg(info.baseUrl));
        break;
    case State::Stopping:
        m_status->setText(tr("Stopping: storing and answering what was received…"));
        break;
    }
    const QString current = m_project->currentText();
    {
        const QSignalBlocker block(m_project);
        m_project->clear();
        for (const ProjectDsn& p : info.dsns)
            m_project->addItem(p.project, p.dsn);
        const int again = m_project->findText(current);
        m_project->setCurrentIndex(again >= 0 ? again : 0);
    }
    m_dsnBox->setVisible(state == State::Running);
    m_dsnHint->setVisible(state != State::Running);
    updateDsn();
    updateWarning();
}

void EndpointPanel::updateWarning()
{
    const bool running = m_controller->state() == EndpointController::State::Running;
    const bool exposed = running ? !m_controller->info().loopback : !chosenAddress(m_bind).isLoopback();
    m_warning->setText(running
            ? tr("Listening on %1, reachable from other machines: anyone who can reach it and has the DSN can write "
                 "into this workspace.")
                  .arg(m_controller->info().address)
            : tr("Reachable from other machines: anyone who can reach this address and has the DSN can write into "
                 "this workspace."));
    m_warningRow->setVisible(exposed);
}

void EndpointPanel::updateDsn()
{
    const QString dsn = m_project->currentData().toString();
    m_dsn->setText(dsn);
    m_python->setPlainText(pythonSnippet(dsn));
    m_javaScript->setPlainText(javaScriptSnippet(dsn));
}

void EndpointPanel::showCounters(const ingest::EndpointCounters& counters)
{
    const QLocale locale;
    for (int i = 0; i < m_counters.size(); ++i)
        m_counters[i]->setText(locale.toString(counters.*kCounters[i].field));
    updateInspectButton();
}

void EndpointPanel::updateInspectButton()
{
    const int kept = m_controller->envelopes()->rowCount();
    m_inspect->setText(kept > 0 ? tr("Inspect envelopes (%1)…").arg(kept) : tr("Inspect envelopes…"));
}

} // namespace stackdeck::ui

#include "endpointstrip.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

namespace stackdeck::ui {

EndpointStrip::EndpointStrip(EndpointController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_state(new QLabel(this))
    , m_startStop(new QToolButton(this))
{
    setObjectName(QStringLiteral("endpointStrip"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* title = new QLabel(tr("Local endpoint"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* show = new QToolButton(this);
    show->setText(tr("Open"));
    show->setToolTip(tr("The endpoint's DSN, SDK snippets and counters"));
    show->setAutoRaise(true);
    show->setObjectName(QStringLiteral("showEndpointPanel"));
    m_startStop->setAutoRaise(true);
    m_startStop->setObjectName(QStringLiteral("stripStartStop"));
    m_state->setTextFormat(Qt::PlainText);
    m_state->setForegroundRole(QPalette::PlaceholderText);
    m_state->setObjectName(QStringLiteral("endpointState"));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(4, 4, 0, 4);
    layout->setVerticalSpacing(0);
    layout->addWidget(title, 0, 0);
    layout->addWidget(m_startStop, 0, 1);
    layout->addWidget(show, 0, 2);
    layout->addWidget(m_state, 1, 0, 1, 3);
    layout->setColumnStretch(0, 1);
    connect(m_startStop, &QToolButton::clicked, this, &EndpointStrip::toggleRequested);
    connect(show, &QToolButton::clicked, this, &EndpointStrip::panelRequested);
    connect(m_controller, &EndpointController::stateChanged, this, &EndpointStrip::update);
    connect(m_controller, &EndpointController::startFailed, this, &EndpointStrip::update);
    connect(m_controller, &EndpointController::countersChanged, this, &EndpointStrip::update);
    update();
}

QString EndpointStrip::stateText() const
{
    return m_state->text();
}

void EndpointStrip::update()
{
    using State = EndpointController::State;
    const State state = m_controller->state();
    m_startStop->setText(state == State::Stopped ? tr("Start") : tr("Stop"));
    m_startStop->setEnabled(state != State::Stopping && (state != State::Stopped || m_controller->hasSession()));
    const auto& c = m_controller->counters();
    switch (state) {
    case State::Stopped:
        m_state->setText(m_controller->errorString().isEmpty() ? tr("stopped") : tr("could not start"));
        m_state->setToolTip(m_controller->errorString());
        break;
    case State::Starting:
        m_state->setText(tr("starting…"));
        break;
    case State::Running: {
        const EndpointInfo& info = m_controller->info();
        QString text = tr("port %1 · %2 events").arg(info.port).arg(QLocale().toString(c.events));
        if (c.rejectedItems > 0)
            text += tr(" · %1 rejected").arg(c.rejectedItems);
        if (!info.loopback)
            text = tr("⚠ open to the network · ") + text;
        m_state->setText(text);
        m_state->setToolTip(info.baseUrl);
        break;
    }
    case State::Stopping:
        m_state->setText(tr("stopping…"));
        break;
    }
}

} // namespace stackdeck::ui

#include "triageprogress.h"

#include "common/plaintext.h"
#include "triagerunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace stackdeck::ui {

TriageProgress::TriageProgress(TriageRunner* runner, QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("triageProgress"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setMaximumWidth(160);
    m_bar->setRange(0, 0);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setAutoRaise(true);
    hide();
    auto* hideLater = new QTimer(this);
    hideLater->setSingleShot(true);
    hideLater->setInterval(4000);
    connect(hideLater, &QTimer::timeout, this, &QWidget::hide);
    connect(m_cancel, &QToolButton::clicked, runner, &TriageRunner::cancel);
    connect(runner, &TriageRunner::started, this, [this, hideLater](const QString& what) {
        hideLater->stop();
        setPlainText(m_label, tr("%1…").arg(what));
        m_bar->setRange(0, 0);
        m_bar->show();
        m_cancel->show();
        show();
    });
    connect(runner, &TriageRunner::progress, this, [this](qint64 done, qint64 total) {
        if (total <= 0)
            return;
        m_bar->setRange(0, 1000);
        m_bar->setValue(static_cast<int>(done * 1000 / total));
    });
    auto finish = [this, hideLater](const QString& text) {
        setPlainText(m_label, text);
        m_bar->hide();
        m_cancel->hide();
        show();
        hideLater->start();
    };
    connect(runner, &TriageRunner::finished, this, finish);
    connect(runner, &TriageRunner::failed, this, [finish](const QString& message) { finish(message); });
}

QString TriageProgress::text() const
{
    return m_label->text();
}

int TriageProgress::percent() const
{
    return m_bar->maximum() > 0 ? m_bar->value() / 10 : 0;
}

} // namespace stackdeck::ui

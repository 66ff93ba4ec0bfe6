#include "forwardingbox.h"

#include "common/futurewatch.h"
#include "ingest/forwarder.h"
#include "ingest/forwardsettings.h"
#include "store/ingestkeys.h"
#include "store/summaryqueries.h"
#include "store/workspacesession.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <set>

namespace stackdeck::ui {

struct ForwardingBox::Loaded {
    quint64 generation = 0;
    std::vector<QString> projects;
    std::vector<ingest::SavedForward> saved;
    QString error;
};

namespace {

constexpr QChar kMask = QChar(0x2022); // •

} // namespace

ForwardingBox::ForwardingBox(EndpointController* controller, QWidget* parent)
    : QGroupBox(tr("Forwarding to Sentry"), parent)
    , m_controller(controller)
    , m_message(new QLabel(this))
    , m_grid(new QGridLayout)
{
    setObjectName(QStringLiteral("forwardingBox"));
    auto* hint = new QLabel(tr("Relay what a project receives to an upstream Sentry as well, unchanged but for the "
                               "upstream's key. While the upstream is unreachable, requests wait on disk (at most "
                               "256 MiB per project) and go once it answers. The DSN's key is kept in the system's "
                               "keychain, never in the workspace."),
        this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_message->setObjectName(QStringLiteral("forwardingMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->hide();
    m_grid->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(m_grid);
    layout->addWidget(m_message);

    connect(m_controller, &EndpointController::forwardingChanged, this, &ForwardingBox::updateStatus);
    connect(m_controller, &EndpointController::stateChanged, this, [this] {
        if (m_controller->session() != m_session)
            setSession(m_controller->session());
        updateStatus();
    });
    setSession(m_controller->session());
}

void ForwardingBox::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    const quint64 generation = ++m_generation;
    // The rows (and keys held in memory) belonged to the other workspace: gone at once, so a start
    // meanwhile forwards nothing of this one to the other's upstreams.
    m_message->hide();
    rebuild(Loaded {generation, {}, {}, {}});
    if (!m_session) {
        Q_EMIT loaded();
        return;
    }
    // The keychain may take seconds to answer (or to time out): never on the GUI thread.
    auto future = QtConcurrent::run([session = m_session, generation] {
        Loaded out;
        out.generation = generation;
        std::set<std::string> seen;
        if (auto reader = session->reader()) {
            try {
                for (const auto& p : store::listProjects(reader->db())) {
                    if (seen.insert(p.name).second)
                        out.projects.push_back(QString::fromStdString(p.name));
                }
                for (const auto& k : store::ingestKeys(reader->db())) {
                    if (seen.insert(k.project).second)
                        out.projects.push_back(QString::fromStdString(k.project));
                }
            } catch (const std::exception& e) {
                out.error = QString::fromUtf8(e.what());
            }
        }
        out.saved = ingest::loadSavedForwards(session, true, &out.error);
        for (const auto& s : out.saved) {
            if (seen.insert(s.project.toStdString()).second)
                out.projects.push_back(s.project);
        }
        if (out.projects.empty())
            out.projects.push_back(QStringLiteral("default"));
        return out;
    });
    whenFinished(this, future, [this](const Loaded& result) {
        if (result.generation != m_generation)
            return;
        rebuild(result);
        Q_EMIT loaded();
    });
}

void ForwardingBox::rebuild(const Loaded& result)
{
    // What this session entered without a keychain stays for as long as the window does.
    std::map<QString, Row> before;
    for (const Row& r : m_rows)
        before[r.project] = r;
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rows.clear();
    m_rows.reserve(result.projects.size());
    int line = 0;
    for (const QString& project : result.projects) {
        Row r;
        r.project = project;
        for (const auto& s : result.saved) {
            if (s.project == project) {
                r.upstream = s.upstream;
                r.dsn = s.dsn;
                r.problem = s.problem;
            }
        }
        if (const auto it = before.find(project); it != before.end() && it->second.memoryOnly) {
            r.dsn = it->second.dsn;
            r.memoryOnly = true;
            r.problem.clear();
        }
        auto* name = new QLabel(project, this);
        name->setTextFormat(Qt::PlainText);
        r.field = new QLineEdit(this);
        r.field->setObjectName(QStringLiteral("forwardDsn:") + project);
        r.field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        r.field->setPlaceholderText(tr("off — paste a DSN, e.g. https://KEY@o0.ingest.sentry.io/42"));
        r.field->setClearButtonEnabled(true);
        r.field->setText(!r.dsn.isEmpty() ? masked(r.dsn) : r.upstream);
        r.save = new QPushButton(tr("Save"), this);
        r.save->setObjectName(QStringLiteral("forwardSave:") + project);
        r.save->setEnabled(false);
        r.status = new QLabel(this);
        r.status->setObjectName(QStringLiteral("forwardStatus:") + project);
        r.status->setTextFormat(Qt::PlainText);
        r.status->setWordWrap(true);
        m_grid->addWidget(name, line, 0);
        m_grid->addWidget(r.field, line, 1);
        m_grid->addWidget(r.save, line, 2);
        m_grid->addWidget(r.status, line + 1, 1, 1, 2);
        line += 2;
        m_rows.push_back(r);
    }
    for (Row& r : m_rows) {
        const QString project = r.project;
        connect(r.field, &QLineEdit::textEdited, this, [this, project] {
            if (Row* x = row(project))
                onEdited(*x);
        });
        connect(r.field, &QLineEdit::returnPressed, this, [this, project] { save(project); });
        connect(r.save, &QPushButton::clicked, this, [this, project] { save(project); });
    }
    if (!result.error.isEmpty()) {
        m_message->setText(tr("Could not read the saved upstreams: %1").arg(result.error));
        m_message->show();
    }
    updateStatus();
}

ForwardingBox::Row* ForwardingBox::row(const QString& project)
{
    for (Row& r : m_rows) {
        if (r.project == project)
            return &r;
    }
    return nullptr;
}

const ForwardingBox::Row* ForwardingBox::row(const QString& project) const
{
    return const_cast<ForwardingBox*>(this)->row(project);
}

QString ForwardingBox::masked(const QString& dsn)
{
    QUrl url(dsn);
    url.setUserName(QString(3, kMask));
    url.setPassword(QString());
    return url.toString();
}

void ForwardingBox::onEdited(Row& r)
{
    const QString text = r.field->text().trimmed();
    const QString shown = !r.dsn.isEmpty() ? masked(r.dsn) : r.upstream;
    QString why;
    bool valid = true;
    if (!text.isEmpty() && text != shown) {
        if (text.contains(kMask))
            why = tr("paste the whole DSN, its key included");
        else
            ingest::UpstreamDsn::parse(text, &why);
        valid = why.isEmpty();
    }
    r.save->setEnabled(valid && text != shown && !r.saving);
    if (!valid) {
        QFont bold = r.status->font();
        bold.setBold(true);
        r.status->setFont(bold);
        r.status->setText(tr("Not a DSN: %1.").arg(why));
    } else {
        r.status->setFont(font());
        r.status->setText(statusOf(r));
    }
}

void ForwardingBox::save(const QString& project)
{
    Row* r = row(project);
    if (!r || !r->save->isEnabled() || !m_session)
        return;
    const QString dsn = r->field->text().trimmed();
    r->saving = true;
    r->save->setEnabled(false);
    r->status->setText(tr("Saving…"));
    auto future
        = QtConcurrent::run([session = m_session, project, dsn] { return ingest::saveForward(session, project, dsn); });
    whenFinished(this, future, [this, project, dsn](const ingest::ForwardSaveOutcome& outcome) {
        Row* x = row(project);
        if (!x)
            return;
        x->saving = false;
        if (outcome.saved) {
            x->dsn = dsn;
            x->problem.clear();
            x->memoryOnly = !dsn.isEmpty() && !outcome.keyKept;
            const auto upstream = ingest::UpstreamDsn::parse(dsn);
            x->upstream = upstream ? upstream->withoutKey() : QString();
            x->field->setText(dsn.isEmpty() ? QString() : masked(dsn));
            m_controller->setForward(project, dsn); // a running endpoint follows at once
        }
        m_message->setText(outcome.message);
        m_message->setVisible(!outcome.message.isEmpty());
        onEdited(*x);
        Q_EMIT saved(project, outcome.saved, outcome.message);
    });
}

std::map<std::string, QString> ForwardingBox::forwardDsns() const
{
    std::map<std::string, QString> out;
    for (const Row& r : m_rows) {
        if (!r.dsn.isEmpty())
            out[r.project.toStdString()] = r.dsn;
    }
    return out;
}

QString ForwardingBox::statusOf(const Row& r) const
{
    if (r.dsn.isEmpty()) {
        if (!r.problem.isEmpty())
            return tr("Saved upstream %1, but %2: paste its DSN again to forward.").arg(r.upstream, r.problem);
        return tr("Off: what this project receives stays here only.");
    }
    const QString upstream = r.upstream.isEmpty() ? masked(r.dsn) : r.upstream;
    const QString keyNote
        = r.memoryOnly ? tr(" Its key is kept in memory until Stackdeck closes (no keychain).") : QString();
    if (!m_controller->isRunning())
        return tr("Forwards to %1 while the endpoint runs.").arg(upstream) + keyNote;
    for (const ingest::ForwardStatus& s : m_controller->forwardStatus()) {
        if (s.project != r.project)
            continue;
        QString text = tr("%1 — sent %2, waiting on disk %3").arg(s.upstream).arg(s.forwarded).arg(s.queued);
        if (s.dropped > 0)
            text += tr(", dropped %1").arg(s.dropped);
        if (s.failing && s.nextRetryMs > 0)
            text += tr("\nFailing: %1. Next try at %2.")
                        .arg(s.lastError,
                            QDateTime::fromMSecsSinceEpoch(s.nextRetryMs).toString(QStringLiteral("HH:mm:ss")));
        else if (s.failing)
            text += tr("\nLast error: %1.").arg(s.lastError);
        return text + (text.endsWith(QLatin1Char('.')) ? QString() : QStringLiteral(".")) + keyNote;
    }
    return tr("Forwards to %1.").arg(upstream) + keyNote;
}

void ForwardingBox::updateStatus()
{
    for (Row& r : m_rows) {
        if (!r.saving)
            onEdited(r);
    }
}

QStringList ForwardingBox::projects() const
{
    QStringList out;
    for (const Row& r : m_rows)
        out << r.project;
    return out;
}

QLineEdit* ForwardingBox::dsnField(const QString& project) const
{
    const Row* r = row(project);
    return r ? r->field : nullptr;
}

QPushButton* ForwardingBox::saveButton(const QString& project) const
{
    const Row* r = row(project);
    return r ? r->save : nullptr;
}

QLabel* ForwardingBox::statusLabel(const QString& project) const
{
    const Row* r = row(project);
    return r ? r->status : nullptr;
}

QString ForwardingBox::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

} // namespace stackdeck::ui

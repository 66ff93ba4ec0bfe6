#include "issueheader.h"

#include "common/plaintext.h"
#include "common/timeformat.h"
#include "itemmodels/issuelistmodel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>

namespace stackdeck::ui {

IssueHeader::IssueHeader(QWidget* parent)
    : QWidget(parent)
    , m_level(new QLabel(this))
    , m_title(new QLabel(this))
    , m_culprit(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_seen(new QLabel(this))
    , m_actions(new QHBoxLayout)
{
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(6);
    layout->setVerticalSpacing(2);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    for (QLabel* l : {m_title, m_culprit, m_facts, m_seen}) {
        l->setTextFormat(Qt::PlainText);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_title->setObjectName(QStringLiteral("issueTitle"));
    m_culprit->setObjectName(QStringLiteral("issueCulprit"));
    m_facts->setObjectName(QStringLiteral("issueFacts"));
    m_culprit->setForegroundRole(QPalette::PlaceholderText);
    m_seen->setForegroundRole(QPalette::PlaceholderText);
    m_level->setFixedSize(20, 20);
    layout->addWidget(m_level, 0, 0, Qt::AlignTop | Qt::AlignHCenter);
    layout->addWidget(m_title, 0, 1);
    layout->addWidget(m_culprit, 1, 1);
    layout->addWidget(m_facts, 2, 1);
    layout->addWidget(m_seen, 3, 1);
    m_actions->setContentsMargins(0, 0, 0, 0);
    m_actions->setSpacing(6);
    layout->addLayout(m_actions, 0, 2, 2, 1, Qt::AlignTop | Qt::AlignRight);
    layout->setColumnStretch(1, 1);
}

void IssueHeader::setIssue(const Issue& issue)
{
    m_level->setPixmap(levelIcon(issue.level).pixmap(18, 18));
    m_level->setToolTip(levelText(issue.level));
    setPlainText(m_title, ui::titleText(issue).left(400));
    m_title->setToolTip(plainToolTip(titleIsStandIn(issue)
            ? tr("%1\n\nSentry titles this issue \u201c%2\u201d: the function of its crash frame.")
                  .arg(qs(issue.message).left(2000), qs(issue.title).left(100))
            : qs(issue.title).left(2000)));
    setPlainText(m_culprit, firstLine(qs(issue.culprit), 400));
    m_culprit->setVisible(!issue.culprit.empty());
    QStringList facts {levelText(issue.level), statusText(issue.status),
        issue.eventCount == 1 ? QStringLiteral("1 event") : QStringLiteral("%1 events").arg(issue.eventCount),
        issue.userCount == 1 ? QStringLiteral("1 user") : QStringLiteral("%1 users").arg(issue.userCount)};
    if (!issue.projectName.empty())
        facts << QStringLiteral("project ") + qs(issue.projectName);
    if (!issue.assignee.empty())
        facts << tr("assigned to ") + qs(issue.assignee);
    setPlainText(m_facts, facts.join(QStringLiteral("  ·  ")));
    const Micros now = nowMicros();
    auto seen = [&](const char* what, Micros when, const std::string& release) {
        QString s = QString::fromLatin1(what) + relativeTime(when, now) + QStringLiteral(" (") + absoluteTime(when)
            + QLatin1Char(')');
        if (!release.empty())
            s += QStringLiteral(" in ") + qs(release);
        return s;
    };
    setPlainText(m_seen,
        seen("First seen ", issue.firstSeen, issue.firstRelease) + QLatin1Char('\n')
            + seen("Last seen ", issue.lastSeen, issue.lastRelease));
}

void IssueHeader::clear()
{
    m_level->clear();
    for (QLabel* l : {m_title, m_culprit, m_facts, m_seen})
        l->clear();
}

QString IssueHeader::titleText() const
{
    return m_title->text();
}

QString IssueHeader::factsText() const
{
    return m_facts->text();
}

void IssueHeader::addActionWidget(QWidget* widget)
{
    m_actions->addWidget(widget);
}

} // namespace stackdeck::ui

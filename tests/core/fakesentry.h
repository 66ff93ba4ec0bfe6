#pragma once

// A fake Sentry server for the tst_server* suites (Qt HttpServer on
// 127.0.0.1, a random port): an organization, a project and N issues with
// one event each, Link pagination, failure injection, and a check of every
// request against the operation it targets (method, trailing slash,
// parameter names) as docs/sentry-api.md describes them.

#include <QCryptographicHash>
#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrlQuery>

#include <map>
#include <set>

class FakeSentry {
public:
    enum class Failure { None, RateLimitRetryAfter, RateLimitReset, ServerError, Dropped, Truncated, NotJson };

    int issues = 0;
    QByteArray token = "sntryu_fake_token_5f3a9c";
    int failEvery = 0; // every Nth request fails, cycling through 429 (both forms), 500, dropped
    Failure forced = Failure::None; // every request fails so (when set)
    int forcedStatus = 0; // every request answers this status (401, 403, 404)
    std::int64_t requests = 0;
    std::map<QString, int> byOperation;
    QStringList violations;

    quint16 start()
    {
        m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            handle(request, responder);
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }

    static QString hashOf(int issue)
    {
        return QString::fromLatin1(
            QCryptographicHash::hash(QByteArray::number(issue), QCryptographicHash::Md5).toHex());
    }
    static QString eventIdOf(int issue)
    {
        return QString::fromLatin1(
            QCryptographicHash::hash(QByteArray("event" + QByteArray::number(issue)), QCryptographicHash::Md5).toHex());
    }

private:
    void check(const QHttpServerRequest& request, const QString& op, const std::set<QString>& allowed)
    {
        ++byOperation[op];
        if (request.method() != QHttpServerRequest::Method::Get)
            violations << op + QStringLiteral(": method");
        if (!request.url().path().endsWith(QLatin1Char('/')))
            violations << op + QStringLiteral(": no trailing slash");
        for (const auto& [key, value] : QUrlQuery(request.url()).queryItems()) {
            if (!allowed.count(key))
                violations << op + QStringLiteral(": parameter ") + key;
        }
    }

    void failWith(Failure f, QHttpServerResponder& responder)
    {
        using S = QHttpServerResponder::StatusCode;
        switch (f) {
        case Failure::RateLimitRetryAfter:
            responder.write(QByteArray("\"You are attempting to use this endpoint too frequently\""),
                {{"Retry-After", "1"}, {"Content-Type", "text/plain"}}, S::TooManyRequests);
            return;
        case Failure::RateLimitReset:
            responder.write(QByteArray("\"Limit is 40 requests in 1 seconds\""),
                {{"X-Sentry-Rate-Limit-Reset", QByteArray::number(QDateTime::currentSecsSinceEpoch() + 1)}},
                S::TooManyRequests);
            return;
        case Failure::ServerError:
            responder.write(QByteArray(R"({"detail": "Internal Error", "errorId": "x"})"),
                {{"Content-Type", "application/json"}}, S::InternalServerError);
            return;
        case Failure::Dropped:
            responder.socket()->abort();
            return;
        case Failure::Truncated:
            responder.write(QByteArray(R"([{"id": "1", "sl)"), {{"Content-Type", "application/json"}}, S::Ok);
            return;
        case Failure::NotJson:
            responder.write(QByteArray("<html>proxy login</html>"), {{"Content-Type", "text/html"}}, S::Ok);
            return;
        case Failure::None:
            return;
        }
    }

    void json(QHttpServerResponder& responder, const QJsonDocument& doc, const QByteArray& link = {})
    {
        if (link.isEmpty())
            responder.write(doc.toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}});
        else
            responder.write(doc.toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}, {"Link", link}});
    }

    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPorts().value(0)); }

    void handle(const QHttpServerRequest& request, QHttpServerResponder& responder)
    {
        ++requests;
        if (request.value("Authorization") != QByteArray("Bearer " + token)) {
            responder.write(
                QByteArray(R"({"detail": "Invalid token"})"), {}, QHttpServerResponder::StatusCode::Unauthorized);
            return;
        }
        if (forcedStatus > 0) {
            responder.write(QByteArray(R"({"detail": "forced"})"), {{"Content-Type", "application/json"}},
                static_cast<QHttpServerResponder::StatusCode>(forcedStatus));
            return;
        }
        if (forced != Failure::None)
            return failWith(forced, responder);
        if (failEvery > 0 && requests % failEvery == 0) {
            static const Failure cycle[]
                = {Failure::RateLimitRetryAfter, Failure::ServerError, Failure::RateLimitReset, Failure::Dropped};
            return failWith(cycle[(requests / failEvery) % 4], responder);
        }
        route(request, responder);
    }

    void route(const QHttpServerRequest& request, QHttpServerResponder& responder)
    {
        const QStringList parts = request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
        // api 0 organizations [acme [projects|issues [id [hashes|events [latest]]]]]
        if (parts.size() == 3 && parts[2] == QLatin1String("organizations")) {
            check(request, QStringLiteral("listOrganizations"),
                {QStringLiteral("cursor"), QStringLiteral("per_page"), QStringLiteral("owner"),
                    QStringLiteral("query")});
            QJsonObject links {{QStringLiteral("regionUrl"), base()}, {QStringLiteral("organizationUrl"), base()}};
            return json(responder,
                QJsonDocument(QJsonArray {QJsonObject {{QStringLiteral("id"), QStringLiteral("1")},
                    {QStringLiteral("slug"), QStringLiteral("acme")}, {QStringLiteral("links"), links}}}));
        }
        if (parts.size() == 5 && parts[4] == QLatin1String("projects")) {
            check(request, QStringLiteral("listOrganizationProjects"),
                {QStringLiteral("cursor"), QStringLiteral("per_page"), QStringLiteral("query")});
            return json(responder,
                QJsonDocument(QJsonArray {QJsonObject {{QStringLiteral("id"), QStringLiteral("7")},
                    {QStringLiteral("slug"), QStringLiteral("backend")},
                    {QStringLiteral("platform"), QStringLiteral("python")}}}));
        }
        if (parts.size() == 5 && parts[4] == QLatin1String("issues"))
            return issueList(request, responder);
        if (parts.size() == 7 && parts[6] == QLatin1String("hashes")) {
            check(request, QStringLiteral("listOrganizationIssueHashes"),
                {QStringLiteral("full"), QStringLiteral("cursor")});
            return json(
                responder, QJsonDocument(QJsonArray {QJsonObject {{QStringLiteral("id"), hashOf(parts[5].toInt())}}}));
        }
        if (parts.size() == 8 && parts[6] == QLatin1String("events") && parts[7] == QLatin1String("latest")) {
            check(request, QStringLiteral("getOrganizationIssueEvent"), {QStringLiteral("environment")});
            return json(responder, QJsonDocument(event(parts[5].toInt())));
        }
        responder.write(QByteArray(R"({"detail": "The requested resource does not exist"})"), {},
            QHttpServerResponder::StatusCode::NotFound);
    }

    void issueList(const QHttpServerRequest& request, QHttpServerResponder& responder)
    {
        check(request, QStringLiteral("listOrganizationIssues"),
            {QStringLiteral("query"), QStringLiteral("statsPeriod"), QStringLiteral("limit"), QStringLiteral("cursor"),
                QStringLiteral("project"), QStringLiteral("environment"), QStringLiteral("sort")});
        const QUrlQuery q(request.url());
        const int offset = q.queryItemValue(QStringLiteral("cursor")).section(QLatin1Char(':'), 1, 1).toInt();
        const int limit = std::min(100, q.queryItemValue(QStringLiteral("limit")).toInt());
        QJsonArray page;
        for (int i = offset; i < std::min(issues, offset + limit); ++i)
            page.append(issue(i + 1));
        const bool more = offset + limit < issues;
        const QByteArray url = base().toUtf8() + "/api/0/organizations/acme/issues/";
        const QByteArray link = "<" + url + "?cursor=0:" + QByteArray::number(std::max(0, offset - limit))
            + ":1>; rel=\"previous\"; results=\"" + (offset > 0 ? "true" : "false")
            + "\"; cursor=\"0:" + QByteArray::number(std::max(0, offset - limit)) + ":1\", <" + url
            + "?cursor=0:" + QByteArray::number(offset + limit) + ":0>; rel=\"next\"; results=\""
            + (more ? "true" : "false") + "\"; cursor=\"0:" + QByteArray::number(offset + limit) + ":0\"";
        json(responder, QJsonDocument(page), link);
    }

    QJsonObject issue(int n) const
    {
        return QJsonObject {{QStringLiteral("id"), QString::number(n)},
            {QStringLiteral("shortId"), QStringLiteral("BACKEND-%1").arg(n)},
            {QStringLiteral("title"), QStringLiteral("ValueError: issue %1").arg(n)},
            {QStringLiteral("culprit"), QStringLiteral("app.views in handler")},
            {QStringLiteral("permalink"), QString(base() + QStringLiteral("/organizations/acme/issues/%1/").arg(n))},
            {QStringLiteral("level"), QStringLiteral("error")},
            {QStringLiteral("status"), QStringLiteral("unresolved")},
            {QStringLiteral("substatus"), QStringLiteral("ongoing")}, {QStringLiteral("assignedTo"), QJsonValue()},
            {QStringLiteral("isBookmarked"), false}, {QStringLiteral("hasSeen"), false},
            {QStringLiteral("count"), QString::number(n * 3)}, {QStringLiteral("userCount"), n},
            {QStringLiteral("firstSeen"), QStringLiteral("2025-01-01T00:00:00Z")},
            {QStringLiteral("lastSeen"), QStringLiteral("2025-01-02T00:00:00Z")},
            {QStringLiteral("project"),
                QJsonObject {{QStringLiteral("id"), QStringLiteral("7")},
                    {QStringLiteral("slug"), QStringLiteral("backend")},
                    {QStringLiteral("platform"), QStringLiteral("python")}}}};
    }

    QJsonObject event(int n) const
    {
        return QJsonObject {{QStringLiteral("id"), eventIdOf(n)}, {QStringLiteral("eventID"), eventIdOf(n)},
            {QStringLiteral("groupID"), QString::number(n)}, {QStringLiteral("projectID"), QStringLiteral("7")},
            {QStringLiteral("dateCreated"), QStringLiteral("2025-01-02T00:00:00Z")},
            {QStringLiteral("platform"), QStringLiteral("python")},
            {QStringLiteral("title"), QStringLiteral("ValueError: issue %1").arg(n)},
            {QStringLiteral("message"), QStringLiteral("issue %1").arg(n)},
            {QStringLiteral("fingerprints"), QJsonArray {hashOf(n)}}, {QStringLiteral("tags"), QJsonArray {}},
            {QStringLiteral("entries"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("data"),
                        QJsonObject {{QStringLiteral("formatted"), QStringLiteral("issue %1").arg(n)}}}}}}};
    }

    mutable QHttpServer m_server;
};

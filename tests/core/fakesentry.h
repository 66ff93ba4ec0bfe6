#pragma once

// A fake Sentry server for the tst_server* suites (Qt HttpServer on
// 127.0.0.1, a random port): an organization, a project and N issues with
// one event each, Link pagination, failure injection, and a check of every
// request against the operation it targets (method, trailing slash,
// parameter names) as docs/sentry-api.md describes them. Stateful: bulk
// updates, merges and comments change what the next list shows.

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
    int loseResponses = 0; // the next N updates, merges and comments are applied, then their connection drops
    bool glitchTip = false; // issues without isBookmarked (GlitchTip)
    bool rateLimitHeaders = true; // X-Sentry-Rate-Limit-* on answers (sentry.io); self-hosted and GlitchTip send none
    std::set<QString> refuseFields; // bulk updates setting one of these answer 405 (a server without the feature)
    std::map<int, int> hashCount; // issue number -> how many hashes it has (missing: 1), 100 a page
    std::map<int, QStringList> moreHashes; // issue number -> hashes it has besides those (listed last)

    struct IssueState {
        QString status = QStringLiteral("unresolved");
        QString substatus = QStringLiteral("ongoing");
        QJsonValue assignedTo;
        bool bookmarked = false;
        bool seen = false;
        int mergedInto = 0;
        bool deleted = false;
        QStringList comments;
        std::map<QString, int> applied; // field -> times an update set it
    };
    std::map<int, IssueState> state; // issue number -> what the server holds (missing: the defaults)

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
    void check(const QHttpServerRequest& request, const QString& op, const std::set<QString>& allowed,
        QHttpServerRequest::Method method = QHttpServerRequest::Method::Get)
    {
        ++byOperation[op];
        if (request.method() != method)
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
        if (rateLimitHeaders) {
            const QByteArray reset = QByteArray::number(QDateTime::currentSecsSinceEpoch() + 1);
            if (link.isEmpty())
                responder.write(doc.toJson(QJsonDocument::Compact),
                    {{"Content-Type", "application/json"}, {"X-Sentry-Rate-Limit-Limit", "40"},
                        {"X-Sentry-Rate-Limit-Remaining", "39"}, {"X-Sentry-Rate-Limit-Reset", reset}});
            else
                responder.write(doc.toJson(QJsonDocument::Compact),
                    {{"Content-Type", "application/json"}, {"Link", link}, {"X-Sentry-Rate-Limit-Limit", "40"},
                        {"X-Sentry-Rate-Limit-Remaining", "39"}, {"X-Sentry-Rate-Limit-Reset", reset}});
            return;
        }
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
            return request.method() == QHttpServerRequest::Method::Put ? bulkUpdate(request, responder)
                                                                       : issueList(request, responder);
        if (parts.size() == 6 && parts[4] == QLatin1String("issues"))
            return issueDetail(request, responder, parts[5].toInt());
        if (parts.size() == 7 && parts[6] == QLatin1String("comments"))
            return comments(request, responder, parts[5].toInt());
        if (parts.size() == 7 && parts[6] == QLatin1String("hashes")) {
            check(request, QStringLiteral("listOrganizationIssueHashes"),
                {QStringLiteral("full"), QStringLiteral("cursor")});
            return hashes(request, responder, parts[5].toInt());
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
        const QString query = q.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        if (query.startsWith(QStringLiteral("issue.id:["))) {
            QJsonArray found;
            for (const QString& id : query.mid(10).chopped(1).split(QLatin1Char(','))) {
                const int n = id.toInt();
                if (n >= 1 && n <= issues && !stateOf(n).deleted && stateOf(n).mergedInto == 0)
                    found.append(issue(n));
            }
            return json(responder, QJsonDocument(found));
        }
        const int offset = q.queryItemValue(QStringLiteral("cursor")).section(QLatin1Char(':'), 1, 1).toInt();
        const int limit = std::min(100, q.queryItemValue(QStringLiteral("limit")).toInt());
        // Only `is:unresolved` is understood; any other query lists every status.
        const bool unresolvedOnly = query.contains(QStringLiteral("is:unresolved"));
        QJsonArray page;
        for (int i = offset; i < std::min(issues, offset + limit); ++i) {
            const IssueState st = stateOf(i + 1);
            if (!st.deleted && st.mergedInto == 0 && (!unresolvedOnly || st.status == QLatin1String("unresolved")))
                page.append(issue(i + 1));
        }
        const bool more = offset + limit < issues;
        const QByteArray url = base().toUtf8() + "/api/0/organizations/acme/issues/";
        const QByteArray link = "<" + url + "?cursor=0:" + QByteArray::number(std::max(0, offset - limit))
            + ":1>; rel=\"previous\"; results=\"" + (offset > 0 ? "true" : "false")
            + "\"; cursor=\"0:" + QByteArray::number(std::max(0, offset - limit)) + ":1\", <" + url
            + "?cursor=0:" + QByteArray::number(offset + limit) + ":0>; rel=\"next\"; results=\""
            + (more ? "true" : "false") + "\"; cursor=\"0:" + QByteArray::number(offset + limit) + ":0\"";
        json(responder, QJsonDocument(page), link);
    }

    // The first hash is hashOf(n); the others hashOf(n) + "-k".
    void hashes(const QHttpServerRequest& request, QHttpServerResponder& responder, int n)
    {
        const auto it = hashCount.find(n);
        const int own = it == hashCount.end() ? 1 : it->second;
        const QStringList more = moreHashes.count(n) ? moreHashes.at(n) : QStringList();
        const int total = own + static_cast<int>(more.size());
        const int offset
            = QUrlQuery(request.url()).queryItemValue(QStringLiteral("cursor")).section(QLatin1Char(':'), 1, 1).toInt();
        QJsonArray page;
        for (int k = offset; k < std::min(total, offset + 100); ++k)
            page.append(QJsonObject {{QStringLiteral("id"),
                k >= own ? more[k - own] : (k == 0 ? hashOf(n) : hashOf(n) + QStringLiteral("-%1").arg(k))}});
        const QByteArray url
            = base().toUtf8() + "/api/0/organizations/acme/issues/" + QByteArray::number(n) + "/hashes/";
        const QByteArray next = "0:" + QByteArray::number(offset + 100) + ":0";
        json(responder, QJsonDocument(page),
            "<" + url + "?cursor=" + next + ">; rel=\"next\"; results=\"" + (offset + 100 < total ? "true" : "false")
                + "\"; cursor=\"" + next + "\"");
    }

    IssueState stateOf(int n) const
    {
        const auto it = state.find(n);
        return it == state.end() ? IssueState {} : it->second;
    }

    QJsonObject issue(int n) const
    {
        QJsonObject out = issueFields(n);
        if (!glitchTip)
            out.insert(QStringLiteral("isBookmarked"), stateOf(n).bookmarked);
        return out;
    }

    QJsonObject issueFields(int n) const
    {
        return QJsonObject {{QStringLiteral("id"), QString::number(n)},
            {QStringLiteral("shortId"), QStringLiteral("BACKEND-%1").arg(n)},
            {QStringLiteral("title"), QStringLiteral("ValueError: issue %1").arg(n)},
            {QStringLiteral("culprit"), QStringLiteral("app.views in handler")},
            {QStringLiteral("permalink"), QString(base() + QStringLiteral("/organizations/acme/issues/%1/").arg(n))},
            {QStringLiteral("level"), QStringLiteral("error")}, {QStringLiteral("status"), stateOf(n).status},
            {QStringLiteral("substatus"), stateOf(n).substatus}, {QStringLiteral("assignedTo"), stateOf(n).assignedTo},
            {QStringLiteral("hasSeen"), stateOf(n).seen},
            {QStringLiteral("numComments"), static_cast<int>(stateOf(n).comments.size())},
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

    bool lose(QHttpServerResponder& responder)
    {
        if (loseResponses <= 0)
            return false;
        --loseResponses;
        responder.socket()->abort(); // applied, but the client never hears so
        return true;
    }

    void bulkUpdate(const QHttpServerRequest& request, QHttpServerResponder& responder)
    {
        check(request, QStringLiteral("updateOrganizationIssues"),
            {QStringLiteral("id"), QStringLiteral("project"), QStringLiteral("environment"), QStringLiteral("query"),
                QStringLiteral("viewId"), QStringLiteral("sort"), QStringLiteral("limit")},
            QHttpServerRequest::Method::Put);
        const QStringList ids = QUrlQuery(request.url()).allQueryItemValues(QStringLiteral("id"));
        if (ids.isEmpty() || ids.size() > 100)
            violations << QStringLiteral("updateOrganizationIssues: %1 ids").arg(ids.size());
        const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
        static const std::set<QString> fields {QStringLiteral("inbox"), QStringLiteral("status"),
            QStringLiteral("statusDetails"), QStringLiteral("substatus"), QStringLiteral("hasSeen"),
            QStringLiteral("isBookmarked"), QStringLiteral("isPublic"), QStringLiteral("isSubscribed"),
            QStringLiteral("merge"), QStringLiteral("discard"), QStringLiteral("assignedTo"),
            QStringLiteral("priority")};
        static const std::set<QString> details {QStringLiteral("inRelease"), QStringLiteral("inNextRelease"),
            QStringLiteral("inCommit"), QStringLiteral("ignoreDuration"), QStringLiteral("ignoreCount"),
            QStringLiteral("ignoreWindow"), QStringLiteral("ignoreUserCount"), QStringLiteral("ignoreUserWindow")};
        for (const QString& key : body.keys()) {
            if (!fields.count(key))
                violations << QStringLiteral("updateOrganizationIssues: body field ") + key;
        }
        for (const QString& key : body.value(QStringLiteral("statusDetails")).toObject().keys()) {
            if (!details.count(key))
                violations << QStringLiteral("updateOrganizationIssues: statusDetails field ") + key;
        }
        for (const QString& key : body.keys()) {
            if (refuseFields.count(key))
                return responder.write(QByteArray(R"({"detail": "Method \"PUT\" not allowed."})"),
                    {{"Content-Type", "application/json"}}, QHttpServerResponder::StatusCode::MethodNotAllowed);
        }
        if (body.contains(QStringLiteral("merge"))) {
            // Sentry keeps the issue seen most often (here: the highest number).
            int parent = 0;
            for (const QString& id : ids)
                parent = std::max(parent, id.toInt());
            QJsonArray children;
            for (const QString& id : ids) {
                if (id.toInt() != parent) {
                    state[id.toInt()].mergedInto = parent;
                    children.append(id);
                }
            }
            if (lose(responder))
                return;
            return json(responder,
                QJsonDocument(QJsonObject {{QStringLiteral("merge"),
                    QJsonObject {{QStringLiteral("parent"), QString::number(parent)},
                        {QStringLiteral("children"), children}}}}));
        }
        for (const QString& id : ids) {
            IssueState& st = state[id.toInt()];
            for (const QString& key : body.keys())
                ++st.applied[key];
            if (body.contains(QStringLiteral("status"))) {
                st.status = body.value(QStringLiteral("status")).toString();
                st.substatus = st.status == QLatin1String("ignored")
                    ? body.value(QStringLiteral("substatus")).toString(QStringLiteral("archived_forever"))
                    : (st.status == QLatin1String("unresolved") ? QStringLiteral("ongoing") : QString());
            }
            if (body.contains(QStringLiteral("assignedTo"))) {
                const QString who = body.value(QStringLiteral("assignedTo")).toString();
                st.assignedTo = who.isEmpty()
                    ? QJsonValue()
                    : QJsonValue(QJsonObject {{QStringLiteral("type"), QStringLiteral("user")},
                        {QStringLiteral("id"), QStringLiteral("1")}, {QStringLiteral("name"), who}});
            }
            if (body.contains(QStringLiteral("isBookmarked")))
                st.bookmarked = body.value(QStringLiteral("isBookmarked")).toBool();
            if (body.contains(QStringLiteral("hasSeen")))
                st.seen = body.value(QStringLiteral("hasSeen")).toBool();
        }
        if (lose(responder))
            return;
        json(responder, QJsonDocument(body));
    }

    void issueDetail(const QHttpServerRequest& request, QHttpServerResponder& responder, int n)
    {
        check(request, QStringLiteral("getOrganizationIssue"),
            {QStringLiteral("environment"), QStringLiteral("expand"), QStringLiteral("collapse")});
        if (n >= 1 && n <= issues && stateOf(n).mergedInto != 0)
            n = stateOf(n).mergedInto; // the id of an issue merged away resolves to the survivor
        if (n < 1 || n > issues || stateOf(n).deleted) {
            return responder.write(QByteArray(R"({"detail": "The requested resource does not exist"})"),
                {{"Content-Type", "application/json"}}, QHttpServerResponder::StatusCode::NotFound);
        }
        json(responder, QJsonDocument(issue(n)));
    }

    // Not in the spec (docs/sentry-api.md section 8): newest first; the same text twice is refused.
    void comments(const QHttpServerRequest& request, QHttpServerResponder& responder, int n)
    {
        IssueState& st = state[n];
        if (request.method() == QHttpServerRequest::Method::Get) {
            check(request, QStringLiteral("listOrganizationIssueComments"), {QStringLiteral("cursor")});
            QJsonArray notes;
            for (qsizetype i = st.comments.size() - 1; i >= 0; --i)
                notes.append(QJsonObject {{QStringLiteral("id"), QString::number(i + 1)},
                    {QStringLiteral("type"), QStringLiteral("note")},
                    {QStringLiteral("data"), QJsonObject {{QStringLiteral("text"), st.comments[i]}}}});
            return json(responder, QJsonDocument(notes));
        }
        check(request, QStringLiteral("createOrganizationIssueComment"), {}, QHttpServerRequest::Method::Post);
        const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
        for (const QString& key : body.keys()) {
            if (key != QLatin1String("text") && key != QLatin1String("mentions"))
                violations << QStringLiteral("createOrganizationIssueComment: body field ") + key;
        }
        const QString text = body.value(QStringLiteral("text")).toString();
        if (st.comments.contains(text)) {
            return responder.write(QByteArray(R"({"detail": "You have already posted that comment."})"),
                {{"Content-Type", "application/json"}}, QHttpServerResponder::StatusCode::BadRequest);
        }
        st.comments.append(text);
        if (lose(responder))
            return;
        responder.write(QJsonDocument(QJsonObject {{QStringLiteral("id"), QString::number(st.comments.size())},
                                          {QStringLiteral("type"), QStringLiteral("note")},
                                          {QStringLiteral("data"), QJsonObject {{QStringLiteral("text"), text}}}})
                            .toJson(QJsonDocument::Compact),
            {{"Content-Type", "application/json"}}, QHttpServerResponder::StatusCode::Created);
    }

    mutable QHttpServer m_server;
};

#include "connectiontest.h"

#include "serverjson.h"

#include <QEventLoop>
#include <QTimer>

namespace stackdeck::server {
namespace {

class Checker {
public:
    Checker(const QUrl& base, const QString& organization, const QByteArray& token, const ClientOptions& options)
        : m_org(organization)
        , m_client(base, token, options)
    {
    }

    ConnectionCheck run(const std::atomic<bool>* cancel)
    {
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &m_loop, [this, cancel] {
            if (cancel && cancel->load())
                finish(ApiError {ApiErrorKind::Cancelled, 0, QStringLiteral("cancelled")});
        });
        poll.start(100);
        QTimer::singleShot(0, &m_loop, [this] { organizations({}); });
        m_loop.exec();
        return m_result;
    }

private:
    void finish(std::optional<ApiError> error)
    {
        if (m_done)
            return;
        m_done = true;
        m_result.error = std::move(error);
        m_client.cancelAll();
        m_loop.quit();
    }

    void organizations(const QString& cursor)
    {
        QUrlQuery q;
        if (!cursor.isEmpty())
            q.addQueryItem(QStringLiteral("cursor"), cursor);
        m_client.get({}, QStringLiteral("organizations/"), q, [this](ApiResult r) {
            if (!r.ok())
                return finish(r.error);
            for (const auto& o : r.response.json.is_array() ? r.response.json : nlohmann::json::array()) {
                if (QString::fromStdString(text(o, "slug")) != m_org)
                    continue;
                m_result.organizationName = QString::fromStdString(text(o, "name"));
                const auto links = o.is_object() ? o.value("links", nlohmann::json::object()) : nlohmann::json();
                const QString region = QString::fromStdString(text(links, "regionUrl"));
                if (!region.isEmpty()) {
                    QString why;
                    if (!m_client.allowRegion(QUrl(region), &why))
                        return finish(ApiError {ApiErrorKind::HostRefused, 0, why});
                    m_result.regionUrl = region;
                }
                return projects();
            }
            if (!r.response.nextCursor.isEmpty())
                return organizations(r.response.nextCursor);
            finish(ApiError {ApiErrorKind::NotFound, 404,
                QStringLiteral("the organization '%1' is not among the organizations this token sees on %2: check "
                               "the organization slug (as in the server's URLs) and that the token belongs to a member")
                    .arg(m_org, m_client.baseUrl().host())});
        });
    }

    void projects()
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
        m_client.get(
            QUrl(m_result.regionUrl), QStringLiteral("organizations/%1/projects/").arg(m_org), q, [this](ApiResult r) {
                if (!r.ok())
                    return finish(r.error);
                m_result.projects = r.response.json.is_array() ? static_cast<int>(r.response.json.size()) : 0;
                m_result.more = !r.response.nextCursor.isEmpty();
                finish(std::nullopt);
            });
    }

    QString m_org;
    SentryClient m_client;
    QEventLoop m_loop;
    ConnectionCheck m_result;
    bool m_done = false;
};

} // namespace

ConnectionCheck testConnection(const QUrl& baseUrl, const QString& organization, const QByteArray& token,
    const ClientOptions& options, const std::atomic<bool>* cancel)
{
    if (!baseUrl.isValid() || (baseUrl.scheme() != QLatin1String("https") && baseUrl.scheme() != QLatin1String("http"))
        || baseUrl.host().isEmpty()) {
        ConnectionCheck c;
        c.error = ApiError {ApiErrorKind::ClientError, 0,
            QStringLiteral("the server URL must be an http(s) address such as https://sentry.io")};
        return c;
    }
    if (organization.trimmed().isEmpty() || token.isEmpty()) {
        ConnectionCheck c;
        c.error = ApiError {ApiErrorKind::ClientError, 0, QStringLiteral("fill in the organization and the token")};
        return c;
    }
    try {
        Checker checker(baseUrl, organization.trimmed(), token, options);
        return checker.run(cancel);
    } catch (const std::exception& e) {
        ConnectionCheck c;
        c.error = ApiError {
            ApiErrorKind::ClientError, 0, QStringLiteral("the check stopped: %1").arg(QString::fromUtf8(e.what()))};
        return c;
    }
}

} // namespace stackdeck::server

#pragma once

// Posting to a local DSN endpoint as an SDK does, for tests that run one.

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QString>
#include <QUrl>

namespace stackdeck::test {

// Posts `body` to the DSN's project on `route` ("envelope" or "store") with
// the DSN's key in X-Sentry-Auth and returns the answer's HTTP status, or -1
// when none came within 20 s.
inline int postToDsn(QNetworkAccessManager& net, const QString& dsn, const QByteArray& body,
    const QString& route = QStringLiteral("envelope"))
{
    const QUrl parsed(dsn);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(parsed.host());
    url.setPort(parsed.port());
    url.setPath(QStringLiteral("/api%1/%2/").arg(parsed.path(), route));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
        route == QLatin1String("store") ? QByteArrayLiteral("application/json")
                                        : QByteArrayLiteral("application/x-sentry-envelope"));
    request.setRawHeader("X-Sentry-Auth",
        "Sentry sentry_version=7, sentry_client=stackdeck-tests/1.0, sentry_key=" + parsed.userName().toLatin1());
    QNetworkReply* reply = net.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20'000))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace stackdeck::test

#include "curl.h"

#include "jsontext.h"
#include "plaintext.h"

#include <QUrl>

namespace stackdeck::ui {

QString shellQuote(const QString& text)
{
    QString out = QStringLiteral("'");
    for (const QChar c : text) {
        if (c == QLatin1Char('\''))
            out += QStringLiteral("'\\''");
        else
            out += c;
    }
    out += QLatin1Char('\'');
    return out;
}

QString fullUrl(const Request& request)
{
    QString url = qs(request.url);
    QString query = qs(request.queryString);
    if (query.isEmpty() && !request.query.empty()) {
        QStringList parts;
        for (const auto& [k, v] : request.query)
            parts << QString::fromUtf8(QUrl::toPercentEncoding(qs(k))) + QLatin1Char('=')
                    + QString::fromUtf8(QUrl::toPercentEncoding(qs(v)));
        query = parts.join(QLatin1Char('&'));
    }
    if (!query.isEmpty())
        url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + query;
    if (!request.fragment.empty())
        url += QLatin1Char('#') + qs(request.fragment);
    return url;
}

QString curlCommand(const Request& request)
{
    QStringList args {QStringLiteral("curl")};
    const QString method = request.method.empty() ? QStringLiteral("GET") : qs(request.method).toUpper();
    if (method != QLatin1String("GET"))
        args << QStringLiteral("-X") << shellQuote(method);
    args << shellQuote(fullUrl(request));
    bool hasCookieHeader = false;
    for (const auto& [k, v] : request.headers) {
        const QString name = qs(k);
        if (name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0)
            continue; // curl computes it
        if (name.compare(QLatin1String("Cookie"), Qt::CaseInsensitive) == 0)
            hasCookieHeader = true;
        args << QStringLiteral("-H") << shellQuote(name + QStringLiteral(": ") + qs(v));
    }
    if (!hasCookieHeader) {
        QString cookies = qs(request.cookieString);
        if (cookies.isEmpty()) {
            QStringList parts;
            for (const auto& [k, v] : request.cookies)
                parts << qs(k) + QLatin1Char('=') + qs(v);
            cookies = parts.join(QStringLiteral("; "));
        }
        if (!cookies.isEmpty())
            args << QStringLiteral("--cookie") << shellQuote(cookies);
    }
    if (!request.data.isNull()) {
        const auto body = parseJson(request.data);
        QString text;
        if (body.is_string())
            text = qs(body.get_ref<const std::string&>());
        else if (!body.is_discarded())
            text = qs(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        else
            text = qs(request.data.text);
        args << QStringLiteral("--data-raw") << shellQuote(text);
    }
    return args.join(QLatin1Char(' '));
}

} // namespace stackdeck::ui

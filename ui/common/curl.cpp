#include "curl.h"

#include "jsontext.h"
#include "plaintext.h"
#include "util/terminaltext.h"

#include <QUrl>

namespace stackdeck::ui {

namespace {

QString singleQuoted(const QString& text)
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

// printf's %b argument: backslashes doubled, each UTF-8 byte of a control
// character as \0ooo (POSIX printf, dash's builtin included).
QString printfEscaped(const QString& text)
{
    QString out;
    const auto append = [&](QStringView piece) {
        if (!containsControlCharacters(piece)) {
            out += piece.toString().replace(QLatin1Char('\\'), QLatin1String("\\\\"));
            return;
        }
        const QByteArray utf8 = piece.toUtf8(); // const: the loop must not detach it
        for (const char byte : utf8)
            out += QStringLiteral("\\0%1").arg(
                static_cast<uint>(static_cast<unsigned char>(byte)), 3, 8, QLatin1Char('0'));
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool pair = text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate();
        append(QStringView(text).sliced(i, pair ? 2 : 1));
        if (pair)
            ++i;
    }
    return out;
}

bool endsWithNewlineOrHasNul(const QString& text)
{
    return text.endsWith(QLatin1Char('\n')) || text.contains(QChar(u'\0'));
}

// Control and format characters of the URL percent-encoded (as UTF-8): a URL
// cannot hold them raw anyway.
QString urlForShell(const QString& url)
{
    if (!containsControlCharacters(url))
        return url;
    QString out;
    for (qsizetype i = 0; i < url.size(); ++i) {
        const bool pair = url[i].isHighSurrogate() && i + 1 < url.size() && url[i + 1].isLowSurrogate();
        const QStringView piece = QStringView(url).sliced(i, pair ? 2 : 1);
        if (pair)
            ++i;
        if (!containsControlCharacters(piece)) {
            out += piece;
            continue;
        }
        const QByteArray utf8 = piece.toUtf8(); // const: the loop must not detach it
        for (const char byte : utf8)
            out += QStringLiteral("%%1")
                       .arg(static_cast<uint>(static_cast<unsigned char>(byte)), 2, 16, QLatin1Char('0'))
                       .toUpper();
    }
    return out;
}

// RFC 9110 token: what a header name can be.
bool isHttpToken(const QString& name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
            || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QString shellQuote(const QString& text)
{
    if (!containsControlCharacters(text))
        return singleQuoted(text);
    return QStringLiteral("\"$(printf '%b' ") + singleQuoted(printfEscaped(text)) + QStringLiteral(")\"");
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
    // --url: a URL starting with '-' is still the URL, never an option.
    args << QStringLiteral("--url") << shellQuote(urlForShell(fullUrl(request)));
    bool hasCookieHeader = false;
    for (const auto& [k, v] : request.headers) {
        const QString name = qs(k);
        if (!isHttpToken(name))
            continue;
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
        // --cookie without a '=' names a cookie file curl would read: send the header instead.
        if (cookies.contains(QLatin1Char('=')))
            args << QStringLiteral("--cookie") << shellQuote(cookies);
        else if (!cookies.isEmpty())
            args << QStringLiteral("-H") << shellQuote(QStringLiteral("Cookie: ") + cookies);
    }
    QString input; // a body no argument can carry, piped in
    if (!request.data.isNull()) {
        const auto body = parseJson(request.data);
        QString text;
        if (body.is_string())
            text = qs(body.get_ref<const std::string&>());
        else if (!body.is_discarded())
            text = qs(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        else
            text = qs(request.data.text);
        if (containsControlCharacters(text) && endsWithNewlineOrHasNul(text)) {
            input = QStringLiteral("printf '%b' ") + singleQuoted(printfEscaped(text)) + QStringLiteral(" | ");
            args << QStringLiteral("--data-binary") << QStringLiteral("@-");
        } else {
            args << QStringLiteral("--data-raw") << shellQuote(text);
        }
    }
    return input + args.join(QLatin1Char(' '));
}

} // namespace stackdeck::ui

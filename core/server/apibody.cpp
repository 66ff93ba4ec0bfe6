#include "apibody.h"

#include "formats/jsondepth.h"

namespace stackdeck::server {
namespace {

constexpr int kMaxDetail = 300;

QString clean(QString text)
{
    for (QChar& c : text) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    text = text.simplified();
    if (text.size() > kMaxDetail)
        text = text.left(kMaxDetail) + QStringLiteral("...");
    return text;
}

QString flatten(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_array()) {
        QStringList parts;
        for (const auto& v : value)
            parts << flatten(v);
        return parts.join(QStringLiteral(" "));
    }
    return QString::fromStdString(value.dump());
}

QString requiredScopes(const QByteArray& wwwAuthenticate)
{
    const qsizetype at = wwwAuthenticate.indexOf("scope=\"");
    if (at < 0)
        return {};
    const qsizetype from = at + 7;
    const qsizetype end = wwwAuthenticate.indexOf('"', from);
    return end > from ? clean(QString::fromUtf8(wwwAuthenticate.mid(from, end - from))) : QString();
}

} // namespace

std::optional<nlohmann::json> parseBody(const QByteArray& body, int maxDepth)
{
    if (body.trimmed().isEmpty())
        return nlohmann::json();
    if (!jsonWithinDepth(std::string_view(body.constData(), static_cast<std::size_t>(body.size())), maxDepth))
        return std::nullopt;
    auto parsed = nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (parsed.is_discarded())
        return std::nullopt;
    return parsed;
}

QString serverDetail(const QByteArray& body)
{
    const auto json = parseBody(body.left(64 * 1024), 16);
    if (!json)
        return clean(QString::fromUtf8(body.left(kMaxDetail)));
    if (json->is_string())
        return clean(flatten(*json));
    if (!json->is_object())
        return {};
    if (auto d = json->find("detail"); d != json->end()) {
        if (d->is_object() && d->contains("message"))
            return clean(flatten((*d)["message"]));
        return clean(flatten(*d));
    }
    if (auto m = json->find("message"); m != json->end())
        return clean(flatten(*m));
    QStringList fields;
    for (const auto& [key, value] : json->items())
        fields << QString::fromStdString(key) + QStringLiteral(": ") + flatten(value);
    return clean(fields.join(QStringLiteral("; ")));
}

ApiError httpError(int status, const QString& path, const QByteArray& body, const QByteArray& wwwAuthenticate)
{
    const QString detail = serverDetail(body);
    const QString said = detail.isEmpty() ? QString() : QStringLiteral(" The server said: %1").arg(detail);
    ApiError e;
    e.status = status;
    switch (status) {
    case 401:
        e.kind = ApiErrorKind::Unauthorized;
        e.message = QStringLiteral("the server refused the token (401): it is invalid, expired or revoked. Create a "
                                   "new one (User Settings > Personal Tokens) and give it again.%1")
                        .arg(said);
        break;
    case 403: {
        e.kind = ApiErrorKind::Forbidden;
        const QString scopes = requiredScopes(wwwAuthenticate);
        e.message = QStringLiteral("the token is not allowed to read %1 (403): %2.%3")
                        .arg(path,
                            scopes.isEmpty() ? QStringLiteral("it needs the scopes org:read, project:read, event:read "
                                                              "(and event:write to push)")
                                             : QStringLiteral("it lacks the scope %1").arg(scopes),
                            said);
        break;
    }
    case 404:
        e.kind = ApiErrorKind::NotFound;
        e.message = QStringLiteral("not found (404): %1. Check the organization and project slugs and that the token's "
                                   "user is a member.%2")
                        .arg(path, said);
        break;
    default:
        e.kind = status >= 500 ? ApiErrorKind::ServerError : ApiErrorKind::ClientError;
        e.message = QStringLiteral("the server answered %1 on %2.%3").arg(status).arg(path, said);
        break;
    }
    return e;
}

} // namespace stackdeck::server

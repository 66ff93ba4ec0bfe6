#include "envelopepayloads.h"

#include <QCoreApplication>

#include <nlohmann/json.hpp>

namespace stackdeck::ui {

namespace {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// The header line `header` at a line start at or after `from`; npos when it is not there.
std::size_t findLine(std::string_view body, std::string_view header, std::size_t from)
{
    while (from < body.size()) {
        const std::size_t at = body.find(header, from);
        if (at == std::string_view::npos)
            return at;
        if (at == 0 || body[at - 1] == '\n')
            return at;
        from = at + 1;
    }
    return std::string_view::npos;
}

bool isJsonItemType(const QString& type)
{
    static const QStringList json {QStringLiteral("event"), QStringLiteral("transaction"), QStringLiteral("feedback"),
        QStringLiteral("session"), QStringLiteral("sessions"), QStringLiteral("client_report"), QStringLiteral("log"),
        QStringLiteral("span"), QStringLiteral("check_in"), QStringLiteral("profile"), QStringLiteral("user_report"),
        QStringLiteral("otel_log"), QStringLiteral("trace_metric"), QStringLiteral("profile_chunk"),
        QStringLiteral("replay_event")};
    return json.contains(type);
}

bool looksLikeText(std::string_view bytes)
{
    if (!QUtf8StringView(bytes.data(), static_cast<qsizetype>(bytes.size())).isValidUtf8())
        return false;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return true;
}

} // namespace

std::vector<InspectedItem> inspectItems(const ingest::ReceivedEnvelope& envelope)
{
    std::vector<InspectedItem> out;
    const std::string_view body = envelope.body ? std::string_view(*envelope.body) : std::string_view();
    if (envelope.route == QLatin1String("store")) {
        InspectedItem item;
        item.type = QStringLiteral("event");
        item.contentType = QStringLiteral("application/json");
        item.size = envelope.body ? static_cast<std::int64_t>(body.size()) : 0;
        item.payload = body;
        item.payloadKnown = envelope.body != nullptr;
        out.push_back(std::move(item));
        return out;
    }
    std::size_t cursor = body.find('\n');
    cursor = cursor == std::string_view::npos ? body.size() : cursor + 1;
    for (const ingest::ReceivedItem& r : envelope.items) {
        InspectedItem item;
        item.type = qs(r.type);
        item.contentType = qs(r.contentType);
        item.filename = qs(r.filename);
        item.size = r.size;
        item.header = qs(r.header);
        if (envelope.body && (r.offset >= 0 || !r.header.empty())) {
            // Where the splitter found the header line; else the line as sent, searched for.
            const bool located
                = r.offset >= static_cast<std::int64_t>(cursor) && static_cast<std::size_t>(r.offset) < body.size();
            const std::size_t at = located ? static_cast<std::size_t>(r.offset) : findLine(body, r.header, cursor);
            if (at != std::string_view::npos) {
                const std::size_t headerEnd = located ? body.find('\n', at) : at + r.header.size();
                std::size_t start = headerEnd == std::string_view::npos ? body.size() : headerEnd;
                if (!located && start < body.size() && body[start] == '\r')
                    ++start;
                if (start < body.size() && body[start] == '\n')
                    ++start;
                std::size_t length = 0;
                if (r.size > 0 && static_cast<std::size_t>(r.size) <= body.size() - start) {
                    length = static_cast<std::size_t>(r.size);
                } else {
                    const std::size_t eol = body.find('\n', start);
                    length = (eol == std::string_view::npos ? body.size() : eol) - start;
                }
                item.payload = body.substr(start, length);
                item.payloadKnown = true;
                cursor = start + length;
            }
        }
        out.push_back(std::move(item));
    }
    return out;
}

PayloadKind payloadKind(const InspectedItem& item)
{
    const bool jsonType = isJsonItemType(item.type) || item.contentType.startsWith(QLatin1String("application/json"));
    if (jsonType && nlohmann::json::accept(item.payload))
        return PayloadKind::Json;
    if (item.type == QLatin1String("attachment") && !item.contentType.startsWith(QLatin1String("text/")) && !jsonType)
        return PayloadKind::Binary;
    return looksLikeText(item.payload) ? PayloadKind::Text : PayloadKind::Binary;
}

QString hexDump(std::string_view bytes, std::size_t maxBytes)
{
    const std::size_t shown = std::min(bytes.size(), maxBytes);
    QString out;
    out.reserve(static_cast<qsizetype>(shown / 16 + 1) * 78);
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t line = 0; line < shown; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i < shown) {
                const auto b = static_cast<unsigned char>(bytes[i]);
                out += QLatin1Char(kHex[b >> 4]);
                out += QLatin1Char(kHex[b & 0xf]);
                out += QLatin1Char(' ');
                ascii += b >= 0x20 && b < 0x7f ? QLatin1Char(static_cast<char>(b)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ') + QLatin1Char('|') + ascii + QLatin1Char('|') + QLatin1Char('\n');
    }
    if (shown < bytes.size())
        out += QCoreApplication::translate("stackdeck::ui::EnvelopePayloads", "… %1 more bytes not shown")
                   .arg(static_cast<qint64>(bytes.size() - shown));
    return out;
}

} // namespace stackdeck::ui

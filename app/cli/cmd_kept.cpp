// `kept`: the envelope items the local endpoint kept as received (issue #19):
// items nobody interprets (sessions, client reports, profiles, unknown types)
// and items refused inside an envelope whose other items were stored.

#include "clicommon.h"
#include "store/keptitems.h"

#include <QFile>

namespace stackdeck::cli {

namespace {

// The first `cap` bytes as 16-byte rows of hex and ASCII.
QString hexRows(std::string_view bytes, std::size_t cap)
{
    QString out;
    const std::size_t n = std::min(bytes.size(), cap);
    for (std::size_t row = 0; row < n; row += 16) {
        QString hex;
        QString text;
        for (std::size_t i = row; i < row + 16; ++i) {
            if (i < n) {
                const auto c = static_cast<unsigned char>(bytes[i]);
                hex += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                text += c >= 0x20 && c < 0x7f ? QLatin1Char(static_cast<char>(c)) : QLatin1Char('.');
            } else {
                hex += QStringLiteral("   ");
            }
        }
        out += QStringLiteral("%1  %2 %3\n").arg(row, 8, 16, QLatin1Char('0')).arg(hex, text);
    }
    return out;
}

bool isUtf8Text(std::string_view bytes)
{
    const QByteArray data = QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size()));
    const QString decoded = QString::fromUtf8(data);
    return decoded.toUtf8() == data && !bytes.empty() && bytes.find('\0') == std::string_view::npos;
}

nlohmann::json itemJson(const store::KeptItem& k)
{
    nlohmann::json j = {{"id", k.id}, {"received_at", isoTime(k.receivedAt)}, {"project", k.project},
        {"envelope_event_id", k.envelopeEventId}, {"item_index", k.itemIndex}, {"item_type", k.itemType},
        {"content_type", k.contentType}, {"size", k.rawSize}, {"stored_size", k.storedSize}};
    j["rejection"] = k.rejection ? nlohmann::json(*k.rejection) : nlohmann::json(nullptr);
    return j;
}

QString reasonOf(const store::KeptItem& k)
{
    return k.rejection ? QStringLiteral("refused: %1").arg(QString::fromStdString(*k.rejection))
                       : QStringLiteral("kept, not interpreted");
}

} // namespace

int runKept(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The envelope items the local endpoint (serve, the window's Endpoint tab) kept as received: "
                       "items it does not interpret (sessions, client reports, profiles, unknown types) and items it "
                       "refused inside an envelope whose other items were stored, newest first. With ID: that "
                       "item's bytes (text as text, anything else in hex; -o writes them exactly)."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("rejected"), QStringLiteral("Only the refused items.")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N items (default 50)."), QStringLiteral("N")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("With ID: write the item's bytes, as received, to FILE."), QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("One kept item."), QStringLiteral("[ID]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    bool limitOk = true;
    const int limit
        = parser.isSet(QStringLiteral("limit")) ? parser.value(QStringLiteral("limit")).toInt(&limitOk) : 50;
    bool idOk = true;
    const qint64 id = positional.isEmpty() ? 0 : positional.front().toLongLong(&idOk);
    if (positional.size() > 1 || !limitOk || limit <= 0 || !idOk || (!positional.isEmpty() && id <= 0)
        || (parser.isSet(QStringLiteral("output")) && positional.isEmpty())) {
        printError(QStringLiteral("usage: kept [--rejected] [--limit N] | kept ID [-o FILE]"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    const bool json = parser.isSet(QStringLiteral("json"));

    if (positional.isEmpty()) {
        store::KeptItemsQuery query;
        query.limit = limit;
        query.rejectedOnly = parser.isSet(QStringLiteral("rejected"));
        const auto items = store::keptItems(ws->db(), query);
        if (!items) {
            printError(QString::fromStdString(items.error().message));
            return UsageError;
        }
        if (json) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& k : *items)
                list.push_back(itemJson(k));
            printJson({{"kept", list}});
            return Success;
        }
        if (items->empty())
            printLine(QStringLiteral("no kept items"));
        for (const auto& k : *items)
            printLine(QStringLiteral("%1  %2  %3  %4  %5 B  %6")
                          .arg(k.id, 6)
                          .arg(QString::fromStdString(isoTime(k.receivedAt)).left(19),
                              QString::fromStdString(k.project.empty() ? std::string("-") : k.project),
                              QString::fromStdString(k.itemType.empty() ? std::string("-") : k.itemType))
                          .arg(k.rawSize)
                          .arg(reasonOf(k)));
        return Success;
    }

    // One item: its row for the header, then its bytes.
    store::KeptItemsQuery one;
    one.id = id;
    const auto items = store::keptItems(ws->db(), one);
    const store::KeptItem* item = items && !items->empty() ? &items->front() : nullptr;
    const auto bytes = store::keptItemData(ws->db(), id);
    if (!item || !bytes) {
        printError(bytes ? QStringLiteral("no kept item %1").arg(id) : QString::fromStdString(bytes.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("output"))) {
        QFile out(parser.value(QStringLiteral("output")));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || out.write(bytes->data(), static_cast<qint64>(bytes->size())) != static_cast<qint64>(bytes->size())) {
            printError(QStringLiteral("%1: %2").arg(out.fileName(), out.errorString()));
            return UsageError;
        }
    }
    if (json) {
        nlohmann::json j = itemJson(*item);
        if (isUtf8Text(*bytes))
            j["text"] = *bytes;
        else
            j["hex"] = hexRows(*bytes, bytes->size()).toStdString();
        printJson(j);
        return Success;
    }
    printLine(QStringLiteral("%1 #%2 of envelope %3, %4, %5 bytes, %6")
                  .arg(QString::fromStdString(item->itemType.empty() ? std::string("-") : item->itemType))
                  .arg(item->itemIndex)
                  .arg(QString::fromStdString(item->envelopeEventId.empty() ? std::string("-") : item->envelopeEventId),
                      QString::fromStdString(isoTime(item->receivedAt)))
                  .arg(item->rawSize)
                  .arg(reasonOf(*item)));
    if (!parser.isSet(QStringLiteral("output"))) {
        if (isUtf8Text(*bytes))
            printText(QString::fromStdString(*bytes));
        else
            printText(hexRows(*bytes, 4096)
                + (bytes->size() > 4096 ? QStringLiteral("… the first 4096 bytes; -o FILE writes all\n") : QString()));
    }
    return Success;
}

} // namespace stackdeck::cli

#include "clicommon.h"
#include "formats/eventencoder.h"
#include "formats/rawrecord.h"
#include "store/eventqueries.h"
#include "store/storedevent.h"

#include <cstdio>
#include <unistd.h>

namespace stackdeck::cli {

int runShow(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print one event: normalised, or as stored (--raw)."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("raw"), QStringLiteral("The stored original JSON, byte for byte.")});
    parser.addPositionalArgument(QStringLiteral("EVENT_ID"), QStringLiteral("32-hex event id (dashes allowed)."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("show takes exactly one EVENT_ID"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    const std::string id = parser.positionalArguments().front().toStdString();
    const auto row = store::eventByEventId(ws->db(), id);
    if (!row) {
        printError(
            QStringLiteral("no event %1 in %2").arg(QString::fromStdString(id), QString::fromStdString(ws->path())));
        return UsageError;
    }
    auto payload = store::loadPayload(ws->db(), row->row);
    if (!payload) {
        printError(QString::fromStdString(payload.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("raw"))) {
        // Byte for byte into a pipe or file; a terminal gets the same JSON
        // with its control characters escaped (a JSON encoder may leave DEL,
        // C1 and bidi controls raw inside strings).
        if (::isatty(::fileno(stdout))) {
            std::string_view json = payload->json;
            if (!json.empty() && json.back() == '\n')
                json.remove_suffix(1);
            writeJson(json);
            return Success;
        }
        std::fwrite(payload->json.data(), 1, payload->json.size(), stdout);
        if (payload->json.empty() || payload->json.back() != '\n')
            std::fputc('\n', stdout);
        return Success;
    }
    // The same decoding as the window's: the stored identity comes back with it.
    auto event = store::decodeStoredEvent(payload->json, payload->itemType, payload->contentType, row->eventId);
    if (!event) {
        printError(QStringLiteral("the stored event no longer decodes: %1")
                       .arg(QString::fromStdString(event.error().message)));
        return UsageError;
    }
    writeJson(encodeEventJson(*event, true));
    return Success;
}

} // namespace stackdeck::cli

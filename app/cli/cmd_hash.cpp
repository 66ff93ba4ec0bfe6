#include "clicommon.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "grouping/grouping.h"
#include "rulefiles.h"

namespace stackdeck::cli {

int runHash(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compute Sentry's grouping for events in files: every variant, its values and hash."));
    addCommonOptions(parser);
    const QString rulesOption = QStringLiteral("rules");
    const QString fingerprintOption = QStringLiteral("fingerprint-rules");
    addRuleFileOptions(parser, rulesOption, fingerprintOption);
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Event files; - reads stdin."), QStringLiteral("PATH..."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    if (parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("hash needs at least one PATH"));
        return UsageError;
    }
    const auto rules = readRuleFiles(parser, rulesOption, fingerprintOption, regroup::ProjectRules {});
    if (!rules)
        return UsageError;
    const grouping::GroupingConfig config = regroup::groupingConfigFor(*rules, true);
    const bool asJson = parser.isSet(QStringLiteral("json"));
    int exit = Success;
    for (const QString& path : parser.positionalArguments()) {
        auto source = RecordSource::open(path.toStdString(), ReaderOptions {});
        if (!source) {
            printError(QString::fromStdString(source.error().message));
            exit = UsageError;
            continue;
        }
        RawRecord raw;
        while ((*source)->next(raw)) {
            auto decoded = decodeRecord(raw);
            if (!decoded) {
                printError(QStringLiteral("%1: %2").arg(
                    QString::fromStdString(raw.location.describe()), QString::fromStdString(decoded.error().message)));
                exit = std::max<int>(exit, PartialFailure);
                continue;
            }
            for (const auto& item : decoded->events) {
                if (item.event.isTransactionLike())
                    continue;
                const grouping::GroupingResult result = grouping::computeGrouping(item.event, config);
                nlohmann::json out = grouping::groupingToJson(result);
                out["event_id"] = item.event.eventId;
                if (asJson) {
                    // One compact object per event and line.
                    writeJson(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                    continue;
                }
                printLine(
                    QStringLiteral("%1  primary %2")
                        .arg(QString::fromStdString(item.event.eventId), QString::fromStdString(result.primaryHash())));
                for (const auto& variant : result.variants) {
                    QStringList values;
                    for (const auto& v : variant.hashInput)
                        values << QString::fromStdString(v);
                    printLine(QStringLiteral("  %1 %2 %3 [%4]")
                                  .arg(QString::fromStdString(variant.name), -22)
                                  .arg(variant.hash ? QString::fromStdString(*variant.hash) : QStringLiteral("-"), -32)
                                  .arg(variant.contributes ? QStringLiteral("*") : QStringLiteral(" "))
                                  .arg(values.join(QStringLiteral(" | "))));
                }
            }
        }
        for (const auto& r : (*source)->rejections()) {
            printError(QStringLiteral("%1: %2").arg(
                QString::fromStdString(r.location.describe()), QString::fromStdString(r.error)));
            exit = std::max<int>(exit, PartialFailure);
        }
    }
    return exit;
}

} // namespace stackdeck::cli

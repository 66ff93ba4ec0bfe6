#include "clicommon.h"
#include "report/customrules.h"
#include "report/redaction.h"
#include "store/eventqueries.h"
#include "store/redactionrules.h"

#include <map>

namespace stackdeck::cli {

namespace {

// "/exception/values/0/stacktrace/frames/3/vars/x" -> "/exception/values/*/stacktrace/frames/*/vars/x":
// where findings cluster, for judging false positives over many events.
std::string pathShape(const std::string& path)
{
    std::string out;
    std::size_t i = 0;
    while (i < path.size()) {
        const std::size_t next = path.find('/', i + 1);
        const std::string part = path.substr(i, next == std::string::npos ? std::string::npos : next - i);
        const bool index = part.size() > 1 && part.find_first_not_of("0123456789", 1) == std::string::npos;
        out += index ? std::string("/*") : part;
        i = next == std::string::npos ? path.size() : next;
    }
    return out;
}

std::optional<std::vector<report::RedactionFinding>> scanRow(
    store::Workspace& ws, const store::EventRow& row, const report::CustomRules& rules)
{
    auto payload = store::loadPayload(ws.db(), row.row);
    if (!payload) {
        printError(QString::fromStdString(payload.error().message));
        return std::nullopt;
    }
    const nlohmann::json doc = nlohmann::json::parse(payload->json, nullptr, false);
    if (doc.is_discarded()) {
        printError(QStringLiteral("the stored original of %1 is not JSON").arg(QString::fromStdString(row.eventId)));
        return std::nullopt;
    }
    return report::scanForSecrets(doc, rules);
}

int scanAll(store::Workspace& ws, const report::CustomRules& rules, bool json)
{
    std::map<std::string, std::int64_t> perDetector;
    std::map<std::string, std::map<std::string, std::int64_t>> shapes;
    std::int64_t events = 0;
    std::int64_t withFindings = 0;
    store::EventListRequest request;
    request.limit = 500;
    for (;;) {
        const auto rows = store::listEvents(ws.db(), request);
        for (const auto& row : rows) {
            auto findings = scanRow(ws, row, rules);
            if (!findings)
                return UsageError;
            ++events;
            withFindings += findings->empty() ? 0 : 1;
            for (const auto& f : *findings) {
                ++perDetector[f.detector];
                ++shapes[f.detector][pathShape(f.path)];
            }
        }
        if (rows.size() < static_cast<std::size_t>(request.limit))
            break;
        request.after = std::make_pair(rows.back().timestamp, rows.back().row.value);
    }
    nlohmann::json out = {{"events", events}, {"events_with_findings", withFindings}};
    nlohmann::json detectors = nlohmann::json::object();
    for (const auto& [name, n] : perDetector)
        detectors[name] = {{"findings", n}, {"paths", shapes[name]}};
    out["detectors"] = detectors;
    if (json) {
        printJson(out);
        return Success;
    }
    printLine(QStringLiteral("%1 events scanned, %2 with findings").arg(events).arg(withFindings));
    for (const auto& [name, n] : perDetector) {
        printLine(QStringLiteral("%1  %2").arg(n, 6).arg(QString::fromStdString(name)));
        for (const auto& [shape, count] : shapes[name])
            printLine(QStringLiteral("        %1  %2").arg(count, 6).arg(QString::fromStdString(shape)));
    }
    return Success;
}

} // namespace

int runRedactScan(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the secrets and personal data an event holds, as a redacted export would remove them."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("all"), QStringLiteral("Every stored event: counts per detector and path.")});
    parser.addPositionalArgument(
        QStringLiteral("EVENT_ID"), QStringLiteral("32-hex event id."), QStringLiteral("[EVENT_ID]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const bool all = parser.isSet(QStringLiteral("all"));
    if (all == (parser.positionalArguments().size() == 1) || parser.positionalArguments().size() > 1) {
        printError(QStringLiteral("redact-scan takes one EVENT_ID or --all"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    auto stored = store::loadRedactionRules(ws->db());
    auto rules = stored ? report::CustomRules::compile(*stored) : Result<report::CustomRules>(stored.error());
    if (!rules) {
        printError(QString::fromStdString(rules.error().message));
        return UsageError;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    if (all)
        return scanAll(*ws, *rules, json);

    const std::string id = parser.positionalArguments().front().toStdString();
    const auto row = store::eventByEventId(ws->db(), id);
    if (!row) {
        printError(QStringLiteral("no event %1").arg(QString::fromStdString(id)));
        return UsageError;
    }
    auto findings = scanRow(*ws, *row, *rules);
    if (!findings)
        return UsageError;
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& f : *findings) {
            list.push_back({{"path", f.path}, {"detector", f.detector}, {"offset", f.offset}, {"length", f.length},
                {"whole_value", f.wholeValue}, {"match", f.match}});
        }
        printJson({{"event_id", row->eventId}, {"findings", list}, {"counts", report::countByDetector(*findings)}});
        return Success;
    }
    for (const auto& f : *findings) {
        const QString match = QString::fromStdString(f.match);
        printLine(QStringLiteral("%1  %2  %3")
                      .arg(QString::fromStdString(f.detector), -16)
                      .arg(QString::fromStdString(f.path))
                      .arg(match.size() > 80 ? match.left(79) + QChar(0x2026) : match));
    }
    printLine(QStringLiteral("%1 findings").arg(findings->size()));
    return Success;
}

} // namespace stackdeck::cli

#include "importbackend.h"

#include "formats/eventdecoder.h"
#include "importer/eventpreparer.h"
#include "store/eventwriter.h"
#include "store/workspace.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace stackdeck::ui {

namespace {
constexpr std::size_t kBatch = 500;

struct Run {
    store::EventWriter& writer;
    PrepareOptions options;
    const std::atomic<bool>* cancel;
    const ImportTickFn& progress;
    const ImportBatchFn& onBatch;
    ImportOutcome& out;
    PreparedBatch batch;
    ImportTick tick;

    bool cancelled() const { return cancel && cancel->load(); }
    void flush()
    {
        if (batch.empty())
            return;
        const auto counts = writer.writeBatch(batch);
        batch.clear();
        out.events += counts.inserted;
        out.duplicates += counts.duplicates;
        out.issuesCreated += counts.issuesCreated;
        out.transactions += counts.transactions;
        tick.events = out.events;
        if (onBatch)
            onBatch(counts.inserted);
        if (progress)
            progress(tick);
    }
    void addEvent(std::string_view json, const std::string& itemType, const QString& location)
    {
        auto decoded = decodeEventJson(json);
        if (!decoded) {
            out.rejected.push_back({location, QString::fromStdString(decoded.error().message)});
            return;
        }
        batch.events.push_back(prepareEvent(std::move(decoded).value(), std::string(json), itemType, options));
        if (batch.events.size() >= kBatch)
            flush();
    }
};

bool looksLikeEnvelope(const QByteArray& data)
{
    const qsizetype nl = data.indexOf('\n');
    if (nl < 0)
        return false;
    const auto header = nlohmann::ordered_json::parse(data.constData(), data.constData() + nl, nullptr, false);
    if (!header.is_object() || header.contains("exception") || header.contains("message") || header.contains("level"))
        return false;
    const qsizetype nl2 = data.indexOf('\n', nl + 1);
    const auto item = nlohmann::ordered_json::parse(
        data.constData() + nl + 1, data.constData() + (nl2 < 0 ? data.size() : nl2), nullptr, false);
    return item.is_object() && item.contains("type");
}

void readEnvelope(Run& run, const QByteArray& data, const QString& name)
{
    qsizetype pos = data.indexOf('\n');
    int item = 0;
    while (pos >= 0 && pos + 1 < data.size() && !run.cancelled()) {
        const qsizetype start = pos + 1;
        qsizetype end = data.indexOf('\n', start);
        if (end < 0)
            end = data.size();
        if (end == start) {
            pos = end;
            continue;
        }
        ++item;
        const auto header
            = nlohmann::ordered_json::parse(data.constData() + start, data.constData() + end, nullptr, false);
        if (!header.is_object()) {
            run.out.rejected.push_back(
                {name + QStringLiteral(" item %1").arg(item), QStringLiteral("unreadable item header")});
            return;
        }
        const std::string type = header.value("type", std::string());
        qsizetype payloadStart = end + 1;
        qsizetype payloadEnd;
        if (header.contains("length") && header["length"].is_number_unsigned()) {
            payloadEnd = payloadStart + static_cast<qsizetype>(header["length"].get<std::uint64_t>());
            if (payloadEnd > data.size()) {
                run.out.rejected.push_back(
                    {name + QStringLiteral(" item %1").arg(item), QStringLiteral("item is shorter than its length")});
                return;
            }
        } else {
            payloadEnd = data.indexOf('\n', payloadStart);
            if (payloadEnd < 0)
                payloadEnd = data.size();
        }
        const std::string_view payload(
            data.constData() + payloadStart, static_cast<std::size_t>(payloadEnd - payloadStart));
        if (type == "event" || type == "transaction")
            run.addEvent(payload, type, name + QStringLiteral(" item %1").arg(item));
        else
            ++run.out.skipped;
        pos = payloadEnd < data.size() ? payloadEnd : -1;
    }
}

void readLines(Run& run, const QByteArray& data, const QString& name)
{
    qsizetype start = 0;
    int line = 0;
    while (start < data.size() && !run.cancelled()) {
        qsizetype end = data.indexOf('\n', start);
        if (end < 0)
            end = data.size();
        ++line;
        const std::string_view text(data.constData() + start, static_cast<std::size_t>(end - start));
        if (text.find_first_not_of(" \t\r") != std::string_view::npos)
            run.addEvent(text, "", name + QLatin1Char(':') + QString::number(line));
        start = end + 1;
        run.tick.bytesDone += static_cast<qint64>(text.size()) + 1;
    }
}
} // namespace

ImportOutcome runImport(const QString& workspacePath, const QStringList& paths, const QString& project,
    const std::atomic<bool>* cancel, const ImportTickFn& progress, const ImportBatchFn& batch)
{
    ImportOutcome out;
    auto ws = store::Workspace::open(workspacePath.toStdString());
    if (!ws) {
        out.fatalError = QString::fromStdString(ws.error().message);
        return out;
    }
    try {
        store::EventWriter writer((*ws)->db());
        Run run {writer, {}, cancel, progress, batch, out, {}, {}};
        if (!project.isEmpty())
            run.options.project = project.toStdString();
        for (const QString& path : paths)
            run.tick.bytesTotal += QFileInfo(path).size();
        for (const QString& path : paths) {
            if (run.cancelled())
                break;
            QFile file(path);
            const QString name = QFileInfo(path).fileName();
            run.tick.currentFile = name;
            if (!file.open(QIODevice::ReadOnly)) {
                out.rejected.push_back({name, QStringLiteral("cannot open: ") + file.errorString()});
                continue;
            }
            const QByteArray data = file.readAll();
            ++out.files;
            out.bytes += data.size();
            const qint64 before = run.tick.bytesDone;
            const auto source
                = writer.ensureSource("file", QFileInfo(path).absoluteFilePath().toStdString(), name.toStdString());
            (void)source;
            const QByteArray trimmed = data.trimmed();
            if (looksLikeEnvelope(data)) {
                readEnvelope(run, data, name);
            } else if (trimmed.startsWith('[')) {
                const auto doc = nlohmann::ordered_json::parse(
                    trimmed.constData(), trimmed.constData() + trimmed.size(), nullptr, false);
                if (!doc.is_array())
                    out.rejected.push_back({name, QStringLiteral("not a JSON array of events")});
                else
                    for (std::size_t i = 0; i < doc.size(); ++i)
                        run.addEvent(doc[i].dump(), "", name + QStringLiteral(" [%1]").arg(i));
            } else if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && trimmed.count('\n') > 0
                && nlohmann::ordered_json::accept(trimmed.constData(), trimmed.constData() + trimmed.size())) {
                run.addEvent(std::string_view(trimmed.constData(), static_cast<std::size_t>(trimmed.size())), "", name);
            } else {
                readLines(run, data, name);
            }
            run.tick.bytesDone = before + data.size();
            if (progress)
                progress(run.tick);
        }
        run.flush();
        out.cancelled = run.cancelled();
    } catch (const std::exception& e) {
        out.fatalError = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace stackdeck::ui

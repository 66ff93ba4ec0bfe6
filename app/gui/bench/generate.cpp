#include "generate.h"

#include "bench/syntheticcorpus.h"
#include "formats/eventdecoder.h"
#include "importer/eventpreparer.h"
#include "store/eventwriter.h"
#include "store/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QtConcurrent>

#include <cstdio>

namespace stackdeck::bench {

bool generateWorkspace(const QString& path, std::int64_t events)
{
    QFile::remove(path);
    auto ws = store::Workspace::open(path.toStdString());
    if (!ws) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), ws.error().message.c_str());
        return false;
    }
    SyntheticOptions options;
    options.events = events;
    SyntheticCorpus corpus(options);
    store::EventWriter writer((*ws)->db());
    PrepareOptions prepare;
    prepare.project = "bench";
    QElapsedTimer timer;
    timer.start();
    std::int64_t written = 0;
    std::vector<std::string> chunk;
    std::string json;
    QFuture<PreparedBatch> pending;
    auto prepareChunk = [prepare](std::vector<std::string> docs) {
        PreparedBatch batch;
        batch.events = QtConcurrent::blockingMapped<std::vector<PreparedEvent>>(docs, [prepare](const std::string& d) {
            auto decoded = decodeEventJson(d);
            return prepareEvent(decoded ? std::move(decoded).value() : Event {}, d, "", prepare);
        });
        return batch;
    };
    for (;;) {
        chunk.clear();
        while (chunk.size() < 1000 && corpus.next(json))
            chunk.push_back(json);
        QFuture<PreparedBatch> next;
        if (!chunk.empty())
            next = QtConcurrent::run(prepareChunk, chunk);
        if (pending.isValid()) {
            const auto counts = writer.writeBatch(pending.result());
            written += counts.inserted;
            if (written % 50'000 < 1000)
                std::fprintf(stderr, "  %lld events, %.0f/s\n", static_cast<long long>(written),
                    static_cast<double>(written) * 1000.0 / static_cast<double>(std::max<qint64>(1, timer.elapsed())));
        }
        if (chunk.empty())
            break;
        pending = next;
    }
    std::fprintf(stderr, "generated %lld events in %.1f s\n", static_cast<long long>(written),
        static_cast<double>(timer.elapsed()) / 1000.0);
    return true;
}

} // namespace stackdeck::bench

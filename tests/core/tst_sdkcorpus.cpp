// The SDK corpus (corpus/sdk, real payloads from unmodified Python and Node
// SDKs) against its manifest: every file reads and decodes to the item types,
// kinds, event ids, levels, exception chains, fingerprints, traces and span
// counts the generators recorded. Also: the request log next to it is not
// events, and decoding gives the same results from several threads.

#include "formats/eventencoder.h"
#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <thread>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

std::vector<RawRecord> recordsOf(const QString& corpusFile)
{
    std::vector<RawRecord> out;
    auto source = RecordSource::open(corpusPath(corpusFile).toStdString());
    if (!source.ok())
        return out;
    RawRecord r;
    while ((*source)->next(r))
        out.push_back(r);
    return out;
}

QString kindName(RecordKind k)
{
    return QString::fromUtf8(recordKindName(k).data());
}

} // namespace

class TestSdkCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sdkManifest_data();
    void sdkManifest();
    void requestLogIsNotEvents();
    void decodingIsThreadSafe();
};

void TestSdkCorpus::sdkManifest_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonObject>("entry");
    STACKDECK_REQUIRE_CORPUS();
    const QJsonObject manifest
        = QJsonDocument::fromJson(readFile(corpusPath(QStringLiteral("sdk/manifest.json")))).object();
    for (const QJsonValue& v : manifest.value(QStringLiteral("files")).toArray()) {
        const QJsonObject f = v.toObject();
        const QString file = QStringLiteral("sdk/") + f.value(QStringLiteral("file")).toString();
        QTest::newRow(qPrintable(file)) << file << f;
        const QString wire = f.value(QStringLiteral("wire_file")).toString();
        if (!wire.isEmpty())
            QTest::newRow(qPrintable(wire)) << QStringLiteral("sdk/") + wire << f;
    }
}

void TestSdkCorpus::sdkManifest()
{
    QFETCH(QString, file);
    QFETCH(QJsonObject, entry);
    const auto records = recordsOf(file);
    const QJsonArray items = entry.value(QStringLiteral("items")).toArray();
    QCOMPARE(int(records.size()), items.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const QJsonObject want = items[int(i)].toObject();
        const QString type = want.value(QStringLiteral("type")).toString();
        auto decoded = decodeRecord(records[i]);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
        QVERIFY2(decoded->warnings.empty(), decoded->warnings.empty() ? "" : decoded->warnings[0].c_str());
        const QString expectedKind = type == QLatin1String("span") ? QStringLiteral("segment") : type;
        QCOMPARE(kindName(decoded->kind), expectedKind);

        if (type == QLatin1String("event") || type == QLatin1String("transaction")
            || type == QLatin1String("feedback")) {
            QCOMPARE(decoded->events.size(), std::size_t(1));
            const Event& e = decoded->events[0].event;
            QCOMPARE(
                QString::fromStdString(decoded->events[0].eventId), want.value(QStringLiteral("event_id")).toString());
            QVERIFY(!decoded->events[0].eventIdSynthesized);
            if (want.value(QStringLiteral("level")).isString()) // null for transactions that send none
                QCOMPARE(QString::fromUtf8(levelName(e.level).data()), want.value(QStringLiteral("level")).toString());
            const QJsonValue trace = want.value(QStringLiteral("trace_id"));
            if (trace.isString())
                QCOMPARE(QString::fromStdString(e.trace.traceId), trace.toString());
            const QJsonValue txn = want.value(QStringLiteral("transaction"));
            if (txn.isString())
                QCOMPARE(QString::fromStdString(e.transaction), txn.toString());
            if (want.contains(QStringLiteral("span_count")))
                QCOMPARE(int(e.spans.size()), want.value(QStringLiteral("span_count")).toInt());
            const QJsonObject exc = want.value(QStringLiteral("exception")).toObject();
            if (!exc.isEmpty()) {
                QCOMPARE(int(e.exceptions.size()), exc.value(QStringLiteral("chain_length")).toInt());
                QCOMPARE(
                    QString::fromStdString(e.exceptions.back().type), exc.value(QStringLiteral("type")).toString());
            }
            if (want.value(QStringLiteral("kind")).toString() == QLatin1String("message"))
                QVERIFY(e.logentry.has_value());
            QStringList fingerprint;
            for (const auto& f : e.fingerprint)
                fingerprint << QString::fromStdString(f);
            QStringList wantedFingerprint;
            for (const QJsonValue& f : want.value(QStringLiteral("fingerprint")).toArray())
                wantedFingerprint << f.toString();
            QCOMPARE(fingerprint, wantedFingerprint);
        } else if (type == QLatin1String("span")) {
            QStringList names;
            int spans = 0;
            for (const auto& de : decoded->events) {
                names << QString::fromStdString(de.event.transaction);
                spans += int(de.event.spans.size()) + 1;
                QVERIFY(want.value(QStringLiteral("trace_ids"))
                            .toArray()
                            .contains(QString::fromStdString(de.event.trace.traceId)));
            }
            QStringList wantedNames;
            for (const QJsonValue& n : want.value(QStringLiteral("segment_names")).toArray())
                wantedNames << n.toString();
            QCOMPARE(names, wantedNames);
            QCOMPARE(spans, want.value(QStringLiteral("span_count")).toInt());
        } else if (type == QLatin1String("log")) {
            QCOMPARE(int(decoded->logs.size()), want.value(QStringLiteral("entries")).toInt());
        } else if (type == QLatin1String("attachment")) {
            QCOMPARE(QString::fromStdString(decoded->attachment->filename),
                want.value(QStringLiteral("filename")).toString());
            QCOMPARE(decoded->attachment->size, qint64(want.value(QStringLiteral("length")).toInt()));
        } else {
            QVERIFY(decoded->skipped);
        }
    }
}

void TestSdkCorpus::requestLogIsNotEvents()
{
    STACKDECK_REQUIRE_CORPUS();
    const auto records = recordsOf(QStringLiteral("sdk/received/requests.jsonl"));
    QCOMPARE(records.size(), std::size_t(280));
    for (const RawRecord& r : records) {
        auto decoded = decodeRecord(r);
        QVERIFY(!decoded.ok());
        QVERIFY(QString::fromStdString(decoded.error().message).startsWith(QStringLiteral("not a Sentry event")));
        const Rejection rejection = rejectionFor(r, decoded.error());
        QVERIFY(QString::fromStdString(rejection.location.describe())
                    .startsWith(QStringLiteral("sdk/received/requests.jsonl:"))
            || QString::fromStdString(rejection.location.describe()).contains(QStringLiteral("requests.jsonl:")));
    }
}

void TestSdkCorpus::decodingIsThreadSafe()
{
    STACKDECK_REQUIRE_CORPUS();
    std::vector<RawRecord> all;
    for (const QString& f :
        corpusFiles(QStringLiteral("sdk/received"), {QStringLiteral("*.json"), QStringLiteral("*.envelope")})) {
        for (auto& r : recordsOf(f))
            all.push_back(std::move(r));
    }
    for (const QString& f : corpusFiles(QStringLiteral("samples"))) {
        for (auto& r : recordsOf(f))
            all.push_back(std::move(r));
    }
    auto summarize = [&](std::size_t begin, std::size_t step) {
        std::vector<std::string> out(all.size());
        for (std::size_t i = begin; i < all.size(); i += step) {
            auto d = decodeRecord(all[i]);
            if (!d.ok()) {
                out[i] = "error: " + d.error().message;
                continue;
            }
            for (const auto& de : d->events)
                out[i] += de.eventId + encodeEventJson(de.event);
        }
        return out;
    };
    const std::vector<std::string> sequential = summarize(0, 1);
    constexpr std::size_t kThreads = 4;
    std::vector<std::vector<std::string>> parts(kThreads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] { parts[t] = summarize(t, kThreads); });
    for (auto& t : threads)
        t.join();
    for (std::size_t i = 0; i < all.size(); ++i)
        QCOMPARE(parts[i % kThreads][i], sequential[i]);
}

QTEST_GUILESS_MAIN(TestSdkCorpus)
#include "tst_sdkcorpus.moc"

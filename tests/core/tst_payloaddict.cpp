// Payloads and span sets compressed with a zstd dictionary trained on the
// workspace's own payloads (issue #20): byte-exact on the way out (loadPayload,
// `show --raw` in a new process), trained once per workspace and stored with
// the first frame that names it (also across a kill -9), carried by case
// files, kept readable by reindex, next to LZ4 rows written before; and a
// missing, damaged or crafted dictionary or frame is an error, never a crash.

#include "bench/syntheticcorpus.h"
#include "clirunner.h"
#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "report/casefile.h"
#include "store/consistency.h"
#include "store/eventqueries.h"
#include "store/payloaddictrows.h"
#include "store/sqlite.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"
#include "util/payloadcodec.h"
#include "util/payloaddict.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <zstd.h>

using namespace stackdeck;
using test::scalar;

namespace {

// Synthetic events (10 KB median), one per line, by event id.
struct Corpus {
    std::vector<std::string> lines;
    std::map<std::string, std::string> byId;
};

Corpus synthetic(std::int64_t events, std::uint64_t seed)
{
    bench::SyntheticOptions options;
    options.events = events;
    options.seed = seed;
    options.now = 1'790'000'000'000'000LL;
    bench::SyntheticCorpus corpus(options);
    Corpus out;
    std::string line;
    while (corpus.next(line)) {
        out.byId[nlohmann::json::parse(line).at("event_id").get<std::string>()] = line;
        out.lines.push_back(line);
    }
    return out;
}

void writeLines(const QString& path, const std::vector<std::string>& lines)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (const std::string& l : lines) {
        f.write(l.data(), static_cast<qint64>(l.size()));
        f.write("\n", 1);
    }
}

std::uint32_t frameDict(std::string_view frame)
{
    return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

// The dictionary ids the frames of payloads and span sets name, and the ids
// payload_dicts holds: equal in a consistent workspace.
std::pair<std::set<std::uint32_t>, std::set<std::uint32_t>> namedAndStored(sql::Database& db)
{
    std::set<std::uint32_t> named;
    sql::Statement payloads(db, "SELECT data FROM event_payloads WHERE codec = 3");
    while (payloads.step())
        named.insert(frameDict(payloads.blob(0)));
    sql::Statement spans(db, "SELECT spans FROM event_spans WHERE codec = 3");
    while (spans.step())
        named.insert(frameDict(spans.blob(0)));
    std::set<std::uint32_t> stored;
    sql::Statement dicts(db, "SELECT dict_id FROM payload_dicts");
    while (dicts.step())
        stored.insert(static_cast<std::uint32_t>(dicts.int64(0)));
    return {named, stored};
}

std::vector<std::string> samplesOf(const Corpus& c, std::size_t from, std::size_t n)
{
    return {c.lines.begin() + static_cast<std::ptrdiff_t>(from),
        c.lines.begin() + static_cast<std::ptrdiff_t>(std::min(c.lines.size(), from + n))};
}

// Every payload of the workspace read back through the store, against the input.
int checkAllPayloads(sql::Database& db, const Corpus& corpus)
{
    int checked = 0;
    sql::Statement rows(db, "SELECT id, event_id FROM events");
    while (rows.step()) {
        const auto payload = store::loadPayload(db, EventRowId(rows.int64(0)));
        if (!payload) {
            qWarning("%s", payload.error().message.c_str());
            return -1;
        }
        const auto want = corpus.byId.find(rows.text(1));
        if (want == corpus.byId.end() || want->second != payload->json)
            return -1;
        ++checked;
    }
    return checked;
}

} // namespace

class TestPayloadDict : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Corpus m_corpus; // 1,500 events, imported into m_workspace
    Corpus m_more; // 300 other events
    std::string m_workspace;
    std::shared_ptr<const PayloadDict> m_dict; // trained on m_corpus's first 300

    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string copyOfWorkspace(const QString& name)
    {
        const QString to = path(name);
        QFile::remove(to);
        {
            auto ws = store::Workspace::open(m_workspace);
            (*ws)->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (!QFile::copy(QString::fromStdString(m_workspace), to))
            return {};
        return to.toStdString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_corpus = synthetic(1500, 7);
        m_more = synthetic(300, 99);
        m_dict = PayloadDict::train(samplesOf(m_corpus, 0, 300), 64 << 10);
        QVERIFY(m_dict);
        writeLines(path(QStringLiteral("corpus.ndjson")), m_corpus.lines);
        writeLines(path(QStringLiteral("more.ndjson")), m_more.lines);
        m_workspace = path(QStringLiteral("dict.stackdeck")).toStdString();
        const ImportSummary s = ImportJob(m_workspace, {}).run({path(QStringLiteral("corpus.ndjson")).toStdString()});
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
        QCOMPARE(s.records, 1500);
    }

    void dictionaryIdNamesItsBytes()
    {
        const std::string& bytes = m_dict->bytes();
        QVERIFY(bytes.size() <= 64u << 10);
        QCOMPARE(ZSTD_getDictID_fromDict(bytes.data(), bytes.size()), m_dict->id());
        QCOMPARE(payloadDictId(bytes), m_dict->id());
        QVERIFY(m_dict->id() >= 32768u && m_dict->id() < (1u << 31));
        // Trained again on the same payloads: the same bytes, the same id.
        const auto again = PayloadDict::train(samplesOf(m_corpus, 0, 300), 64 << 10);
        QVERIFY(again);
        QCOMPARE(again->id(), m_dict->id());
        QVERIFY(again->bytes() == bytes);
        // Other payloads: another dictionary, another id.
        const auto other = PayloadDict::train(samplesOf(m_more, 0, 300), 64 << 10);
        QVERIFY(other);
        QVERIFY(other->id() != m_dict->id());
        // Too few samples to train on: no dictionary, no crash.
        QVERIFY(!PayloadDict::train({std::string("{}")}, 64 << 10));
    }

    void roundTripIsByteExact()
    {
        PayloadDicts dicts;
        dicts.add(m_dict);
        std::size_t raw = 0;
        std::size_t packed = 0;
        for (const std::string& line : m_more.lines) {
            const std::string frame = m_dict->compress(line);
            QVERIFY(!frame.empty());
            QCOMPARE(frameDict(frame), m_dict->id());
            const auto back = decodePayload(PayloadCodec::ZstdDict, frame, line.size(), &dicts);
            QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
            QVERIFY(*back == line);
            raw += line.size();
            packed += frame.size();
        }
        // What the dictionary is for: well under LZ4's size on the same payloads.
        std::size_t lz4 = 0;
        for (const std::string& line : m_more.lines)
            lz4 += lz4Compress(line).size();
        QVERIFY2(
            packed * 10 < lz4 * 7, qPrintable(QStringLiteral("dict %1, lz4 %2 of %3").arg(packed).arg(lz4).arg(raw)));
    }

    // The workspace is untrusted input: every one of these is an error value.
    void craftedFramesAreErrors_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("dictionary not loaded") << 0;
        QTest::newRow("another dictionary's frame") << 1;
        QTest::newRow("declared size 1 TiB") << 2;
        QTest::newRow("declared size over the record cap") << 3;
        QTest::newRow("stored size not the frame's") << 4;
        QTest::newRow("truncated frame") << 5;
        QTest::newRow("frame without a dictionary id") << 6;
        QTest::newRow("garbage") << 7;
        QTest::newRow("flipped byte in the body") << 8;
    }
    void craftedFramesAreErrors()
    {
        QFETCH(int, kind);
        PayloadDicts dicts;
        dicts.add(m_dict);
        const std::string& line = m_more.lines.front();
        std::string frame = m_dict->compress(line);
        std::size_t rawSize = line.size();
        const PayloadDicts* given = &dicts;
        switch (kind) {
        case 0:
            given = nullptr;
            break;
        case 1: {
            const auto other = PayloadDict::train(samplesOf(m_more, 0, 300), 64 << 10);
            QVERIFY(other);
            frame = other->compress(line);
            break;
        }
        case 2:
            rawSize = std::size_t {1} << 40;
            break;
        case 3:
            rawSize = kMaxStoredPayloadBytes + 1;
            break;
        case 4:
            rawSize = line.size() + 1;
            break;
        case 5:
            frame.resize(frame.size() / 2);
            break;
        case 6:
            frame = zstdCompress(line, 1);
            break;
        case 7:
            frame = std::string(200, 'x');
            break;
        case 8:
            frame[frame.size() / 2] = static_cast<char>(frame[frame.size() / 2] ^ 0x5a);
            break;
        }
        const auto r = decodePayload(PayloadCodec::ZstdDict, frame, rawSize, given);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.empty());
        if (kind == 0 || kind == 1)
            QVERIFY2(r.error().message.find("dictionary") != std::string::npos, r.error().message.c_str());
    }

    void storedDictionaryIsChecked_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("as stored") << 0;
        QTest::newRow("flipped byte") << 1;
        QTest::newRow("stored under another id") << 2;
        QTest::newRow("not a dictionary") << 3;
        QTest::newRow("empty") << 4;
        QTest::newRow("header names another id") << 5;
    }
    void storedDictionaryIsChecked()
    {
        QFETCH(int, kind);
        std::string bytes = m_dict->bytes();
        std::uint32_t id = m_dict->id();
        switch (kind) {
        case 1:
            bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 1);
            break;
        case 2:
            id += 1;
            break;
        case 3:
            bytes = std::string(1000, 'a');
            break;
        case 4:
            bytes.clear();
            break;
        case 5:
            bytes[4] = static_cast<char>(bytes[4] ^ 1);
            break;
        }
        const auto r = PayloadDict::fromStored(id, bytes);
        QCOMPARE(r.ok(), kind == 0);
        if (r.ok())
            QCOMPARE((*r)->id(), m_dict->id());
    }

    void importTrainsOnceAndStoresItWithItsFrames()
    {
        auto ws = store::Workspace::open(m_workspace);
        sql::Database& db = (*ws)->db();
        QCOMPARE(scalar(db, "SELECT count(*) FROM payload_dicts"), 1);
        QVERIFY(scalar(db, "SELECT sample_count FROM payload_dicts") > 100);
        const std::int64_t withDict = scalar(db, "SELECT count(*) FROM event_payloads WHERE codec = 3");
        // LZ4 for the payloads prepared while one worker trained (how many depends on the machine's load).
        QVERIFY2(withDict > 0, qPrintable(QString::number(withDict)));
        QVERIFY(scalar(db, "SELECT count(*) FROM event_spans WHERE codec = 3") > 0);
        const auto [named, stored] = namedAndStored(db);
        QCOMPARE(named, stored);
        QCOMPARE(checkAllPayloads(db, m_corpus), 1500);
        // Trace panes read span sets through the dictionary too.
        sql::Statement trace(
            db, "SELECT e.trace_id FROM events e JOIN event_spans s ON s.event_rowid = e.id WHERE s.codec = 3 LIMIT 1");
        QVERIFY(trace.step());
        const auto events = store::loadTraceEvents(db, trace.text(0));
        QVERIFY(std::any_of(events.begin(), events.end(), [](const auto& e) { return !e.spans.empty(); }));
    }

    void laterImportUsesTheSameDictionary()
    {
        const std::string copy = copyOfWorkspace(QStringLiteral("later.stackdeck"));
        QVERIFY(!copy.empty());
        const ImportSummary s = ImportJob(copy, {}).run({path(QStringLiteral("more.ndjson")).toStdString()});
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
        auto ws = store::Workspace::open(copy);
        sql::Database& db = (*ws)->db();
        QCOMPARE(scalar(db, "SELECT count(*) FROM payload_dicts"), 1);
        // From its first payload on: no LZ4 rows among the new events.
        QCOMPARE(scalar(db, "SELECT count(*) FROM event_payloads WHERE codec = 2 AND event_rowid > 1500"), 0);
        Corpus all = m_corpus;
        all.byId.insert(m_more.byId.begin(), m_more.byId.end());
        QCOMPARE(checkAllPayloads(db, all), 1800);
    }

    void oldLz4RowsStillRead()
    {
        const std::string ws = path(QStringLiteral("mixed.stackdeck")).toStdString();
        ImportOptions lz4;
        lz4.codec = PayloadCodec::Lz4; // as imports wrote before dictionaries
        QVERIFY(ImportJob(ws, lz4).run({path(QStringLiteral("more.ndjson")).toStdString()}).fatalError.empty());
        QVERIFY(ImportJob(ws, {}).run({path(QStringLiteral("corpus.ndjson")).toStdString()}).fatalError.empty());
        auto opened = store::Workspace::open(ws);
        sql::Database& db = (*opened)->db();
        QVERIFY(scalar(db, "SELECT count(*) FROM event_payloads WHERE codec = 2") >= 300);
        QVERIFY(scalar(db, "SELECT count(*) FROM event_payloads WHERE codec = 3") > 0);
        Corpus all = m_corpus;
        all.byId.insert(m_more.byId.begin(), m_more.byId.end());
        QCOMPARE(checkAllPayloads(db, all), 1800);
    }

    // A new process knows no dictionary: it reads it from the workspace.
    void showRawInANewProcessIsByteExact()
    {
        std::string eventId;
        {
            auto ws = store::Workspace::open(m_workspace);
            sql::Statement pick((*ws)->db(),
                "SELECT e.event_id FROM events e JOIN event_payloads p ON p.event_rowid = e.id "
                "WHERE p.codec = 3 ORDER BY e.id DESC LIMIT 1");
            QVERIFY(pick.step());
            eventId = pick.text(0);
        }
        const test::CliRun r = test::runCli({QStringLiteral("show"), QStringLiteral("--raw"), QStringLiteral("--db"),
            QString::fromStdString(m_workspace), QString::fromStdString(eventId)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray::fromStdString(m_corpus.byId.at(eventId) + "\n"));
    }

    // A loop over many payloads (regroup, trace panes, reports) reads and
    // checks the dictionaries once per connection, and sees a row that
    // changed or was added since.
    void dictionariesAreReadOncePerConnection()
    {
        const std::string copy = copyOfWorkspace(QStringLiteral("memo.stackdeck"));
        QVERIFY(!copy.empty());
        auto ws = store::Workspace::open(copy);
        sql::Database& db = (*ws)->db();
        const auto first = store::loadPayloadDicts(db);
        QCOMPARE(store::loadPayloadDicts(db).get(), first.get());
        QCOMPARE(store::payloadDictsFor(db, PayloadCodec::ZstdDict).get(), first.get());
        sql::Statement pick(db, "SELECT event_rowid FROM event_payloads WHERE codec = 3 LIMIT 1");
        QVERIFY(pick.step());
        const EventRowId row(pick.int64(0));
        QVERIFY(store::loadPayload(db, row).ok());
        // Another connection's connection-bound copy is its own.
        {
            auto other = store::Workspace::open(copy, store::Workspace::Mode::ReadOnly);
            QVERIFY(store::loadPayloadDicts((*other)->db()).get() != first.get());
        }
        // A row added (here a crafted one) makes it read them again.
        db.exec("INSERT INTO payload_dicts SELECT dict_id + 1, created_at + 1, 0, dict FROM payload_dicts");
        const auto added = store::loadPayloadDicts(db);
        QVERIFY(added.get() != first.get());
        QVERIFY(store::loadPayload(db, row).ok());
        // So does a row that changed: the damage is found.
        db.exec("UPDATE payload_dicts SET dict = substr(dict, 1, 7) WHERE created_at = (SELECT min(created_at) FROM "
                "payload_dicts)");
        const auto damaged = store::loadPayload(db, row);
        QVERIFY(!damaged.ok());
        QVERIFY2(damaged.error().message.find("dictionary") != std::string::npos, damaged.error().message.c_str());
    }

    void missingOrDamagedDictionaryIsAnError_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("dictionary deleted") << QStringLiteral("DELETE FROM payload_dicts");
        QTest::newRow("dictionary damaged") << QStringLiteral(
            "UPDATE payload_dicts SET dict = CAST(substr(dict, 1, 1000) || substr(dict, 1002) AS BLOB)");
        QTest::newRow("dictionary truncated") << QStringLiteral("UPDATE payload_dicts SET dict = substr(dict, 1, 7)");
        QTest::newRow("dictionary under another id")
            << QStringLiteral("UPDATE payload_dicts SET dict_id = dict_id + 1");
        QTest::newRow("table dropped") << QStringLiteral("DROP TABLE payload_dicts");
        QTest::newRow("64 crafted dictionaries before it")
            << QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) "
                              "INSERT INTO payload_dicts SELECT i, 0, 0, zeroblob(1000) FROM n");
    }
    void missingOrDamagedDictionaryIsAnError()
    {
        QFETCH(QString, change);
        const std::string copy = copyOfWorkspace(QStringLiteral("broken.stackdeck"));
        QVERIFY(!copy.empty());
        std::string eventId;
        std::int64_t row = 0;
        {
            auto ws = store::Workspace::open(copy);
            sql::Database& db = (*ws)->db();
            db.exec(change.toStdString());
            sql::Statement pick(db,
                "SELECT e.id, e.event_id FROM events e JOIN event_payloads p "
                "ON p.event_rowid = e.id WHERE p.codec = 3 LIMIT 1");
            QVERIFY(pick.step());
            row = pick.int64(0);
            eventId = pick.text(1);
            const auto payload = store::loadPayload(db, EventRowId(row));
            QVERIFY(!payload.ok());
            QVERIFY2(payload.error().message.find(eventId) != std::string::npos, payload.error().message.c_str());
            QVERIFY2(payload.error().message.find("dictionary") != std::string::npos, payload.error().message.c_str());
            // The LZ4 rows written before the dictionary still read.
            sql::Statement lz4(db, "SELECT event_rowid FROM event_payloads WHERE codec = 2 LIMIT 1");
            QVERIFY(lz4.step());
            QVERIFY(store::loadPayload(db, EventRowId(lz4.int64(0))).ok());
        }
        const test::CliRun r = test::runCli({QStringLiteral("show"), QStringLiteral("--raw"), QStringLiteral("--db"),
            QString::fromStdString(copy), QString::fromStdString(eventId)});
        QVERIFY(r.exitCode > 0); // an error, not a crash
        QVERIFY2(r.err.contains(QByteArray::fromStdString(eventId)), r.err.constData());
    }

    void caseFileCarriesItsDictionary_data()
    {
        QTest::addColumn<bool>("redact");
        QTest::newRow("as stored") << false;
        QTest::newRow("redacted") << true;
    }
    void caseFileCarriesItsDictionary()
    {
        QFETCH(bool, redact);
        const QString casePath = path(redact ? QStringLiteral("redacted.sdcase") : QStringLiteral("plain.sdcase"));
        report::CaseExportOptions options;
        options.redact = redact;
        std::vector<IssueId> issues;
        {
            auto ws = store::Workspace::open(m_workspace);
            sql::Statement all((*ws)->db(), "SELECT id FROM issues ORDER BY id");
            while (all.step())
                issues.push_back(IssueId(all.int64(0)));
        }
        QVERIFY(!issues.empty());
        const auto exported = report::exportCaseFile(m_workspace, issues, casePath.toStdString(), options);
        QVERIFY2(exported.ok(), exported.ok() ? "" : exported.error().message.c_str());
        QVERIFY(exported->events > 1000);
        {
            sql::Database caseDb(casePath.toStdString(), sql::Database::Mode::ReadOnly);
            QVERIFY(scalar(caseDb, "SELECT count(*) FROM event_payloads WHERE codec = 3") > 0);
            const auto [named, stored] = namedAndStored(caseDb);
            QCOMPARE(named, stored);
            QCOMPARE(stored.size(), std::size_t {1});
        }
        // Into a workspace of its own, and each original back as exported.
        const std::string target
            = path(redact ? QStringLiteral("fromredacted.stackdeck") : QStringLiteral("fromcase.stackdeck"))
                  .toStdString();
        const auto imported = report::importCaseFile(target, casePath.toStdString());
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        QCOMPARE(imported->events, exported->events);
        auto ws = store::Workspace::open(target);
        sql::Database& db = (*ws)->db();
        const auto [named, stored] = namedAndStored(db);
        QCOMPARE(named, stored);
        if (redact)
            return; // redacted originals differ from the input by design; that they decode is the point
        QCOMPARE(checkAllPayloads(db, m_corpus), static_cast<int>(exported->events));
    }

    void reindexKeepsEveryPayloadReadable()
    {
        const std::string copy = copyOfWorkspace(QStringLiteral("reindex.stackdeck"));
        QVERIFY(!copy.empty());
        const ReindexSummary s = ReindexJob(copy).run();
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
        QCOMPARE(s.failed, 0);
        auto ws = store::Workspace::open(copy);
        sql::Database& db = (*ws)->db();
        QCOMPARE(checkAllPayloads(db, m_corpus), 1500);
        const auto [named, stored] = namedAndStored(db);
        QVERIFY(named.size() <= stored.size()); // the payloads keep their frames; span sets are LZ4 again
        const auto problems = store::checkConsistency(db);
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
    }

    // kill -9 during the import that trains: never a frame without its
    // dictionary, nor a dictionary without a frame; the re-run completes.
    void killedImportKeepsDictionaryAndFramesTogether()
    {
        const QString ws = path(QStringLiteral("killed.stackdeck"));
        QProcess p;
        p.start(test::cliPath(),
            {QStringLiteral("import"), QStringLiteral("--batch"), QStringLiteral("100"), QStringLiteral("--db"), ws,
                path(QStringLiteral("corpus.ndjson"))});
        QVERIFY(p.waitForStarted());
        // Killed once a few batches are in, whatever the import is doing then.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(ws).size() + QFileInfo(ws + QStringLiteral("-wal")).size() > (3 << 20)
                || p.state() == QProcess::NotRunning,
            60000);
        p.kill();
        QVERIFY(p.waitForFinished());
        {
            auto opened = store::Workspace::open(ws.toStdString());
            QVERIFY(opened.ok());
            const auto [named, stored] = namedAndStored((*opened)->db());
            QCOMPARE(named, stored);
        }
        const ImportSummary rest
            = ImportJob(ws.toStdString(), {}).run({path(QStringLiteral("corpus.ndjson")).toStdString()});
        QVERIFY2(rest.fatalError.empty(), rest.fatalError.c_str());
        auto opened = store::Workspace::open(ws.toStdString());
        sql::Database& db = (*opened)->db();
        const auto [named, stored] = namedAndStored(db);
        QCOMPARE(named, stored);
        QVERIFY(stored.size() <= 1);
        QCOMPARE(checkAllPayloads(db, m_corpus), 1500);
    }
};

QTEST_GUILESS_MAIN(TestPayloadDict)
#include "tst_payloaddict.moc"

// Conformance of core/grouping with Sentry's own grouping snapshots for
// `newstyle:2023-01-11` (shared/corpus/grouping, 176 cases). Each row
// compares every variant: hash, contributes, hash_input and the component
// tree, and checks the outcome against grouping_conformance_expected.txt
// (one expected outcome per case). Any change fails its row: a case that
// regressed, and one that got fixed (then update the list), so one new failure
// is never hidden by another case's fix, as a count would hide it.

#include "formats/eventdecoder.h"
#include "grouping/eventmetadata.h"
#include "grouping/fingerprintrules.h"
#include "grouping/grouping.h"
#include "importer/eventpreparer.h"
#include "importer/groupingbridge.h"
#include "testsupport.h"

#include <QFile>
#include <QHash>
#include <QTest>

#include <nlohmann/json.hpp>
#include <set>

using namespace stackdeck;
using namespace stackdeck::grouping;
using json = nlohmann::json;

namespace {

// An issue's metadata as the import stores it (JSON, empty fields left out).
json metadataObject(const EventMetadata& m)
{
    json out = json::object();
    if (m.hasType)
        out["type"] = m.type;
    const std::pair<const char*, const std::string*> fields[]
        = {{"value", &m.value}, {"filename", &m.filename}, {"function", &m.function}, {"directive", &m.directive},
            {"uri", &m.uri}, {"origin", &m.origin}, {"message", &m.message}};
    for (const auto& [key, value] : fields) {
        if (!value->empty())
            out[key] = *value;
    }
    return out;
}

constexpr auto kIdentical = "identical";
constexpr auto kDetailsDiffer = "details-differ";
constexpr auto kPrimaryDiffers = "primary-differs";

// STACKDECK_GROUPING_NO_BUILTIN_RULES=1 groups without the built-in stack trace
// and fingerprint rules, for figures only: the expected outcomes do not hold then.
bool figuresOnly()
{
    return qEnvironmentVariableIsSet("STACKDECK_GROUPING_NO_BUILTIN_RULES");
}

struct Tally {
    int cases = 0;
    int primaryOk = 0;
    int fullOk = 0;
    QStringList primaryFailures;
    QStringList detailFailures;
};
Tally& tally()
{
    static Tally t;
    return t;
}

std::string leafText(const json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return "None";
    if (v.is_boolean())
        return v.get<bool>() ? "True" : "False";
    return v.dump();
}

// The snapshot printer leaves out nodes with neither hint nor values.
bool printed(const GroupingComponent& c)
{
    return !c.hint.empty() || !c.values.empty();
}

void compareTree(const json& expected, const GroupingComponent& actual, const std::string& path, bool contributingOnly,
    std::vector<std::string>& diffs)
{
    const std::string here = path + "/" + actual.id;
    if (expected.value("id", "") != actual.id) {
        diffs.push_back(here + ": id " + expected.value("id", "") + " != " + actual.id);
        return;
    }
    if (expected.value("contributes", false) != actual.contributes)
        diffs.push_back(here + ": contributes expected " + (expected.value("contributes", false) ? "true" : "false"));
    const std::string hint
        = expected.contains("hint") && expected["hint"].is_string() ? expected["hint"].get<std::string>() : "";
    if (!contributingOnly && hint != actual.hint)
        diffs.push_back(here + ": hint expected \"" + hint + "\" got \"" + actual.hint + "\"");

    std::vector<const GroupingComponent::Value*> values;
    for (const auto& v : actual.values) {
        if (const auto* c = std::get_if<GroupingComponent>(&v)) {
            if (!printed(*c) || (contributingOnly && !c->contributes))
                continue;
        }
        values.push_back(&v);
    }
    const json& ev = expected["values"];
    if (ev.size() != values.size()) {
        diffs.push_back(
            here + ": " + std::to_string(ev.size()) + " values expected, got " + std::to_string(values.size()));
        return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto* leaf = std::get_if<std::string>(values[i]);
        if (ev[i].is_object()) {
            if (leaf)
                diffs.push_back(here + ": value " + std::to_string(i) + " should be a component");
            else
                compareTree(ev[i], std::get<GroupingComponent>(*values[i]), here, contributingOnly, diffs);
        } else if (!leaf) {
            diffs.push_back(here + ": value " + std::to_string(i) + " should be a leaf");
        } else if (leafText(ev[i]) != *leaf) {
            diffs.push_back(here + ": leaf \"" + leafText(ev[i]) + "\" != \"" + *leaf + "\"");
        }
    }
}

} // namespace

class TestGroupingConformance : public QObject {
    Q_OBJECT
    // Case name -> expected outcome, from grouping_conformance_expected.txt.
    QHash<QString, QString> m_expected;

private Q_SLOTS:
    void initTestCase();
    void expectedListCoversTheCorpus();
    void cases_data();
    void cases();
    void summary();
    void metadataJsonReadsBack_data();
    void metadataJsonReadsBack();
};

void TestGroupingConformance::initTestCase()
{
    const QString path = QFINDTESTDATA("grouping_conformance_expected.txt");
    QVERIFY2(!path.isEmpty(), "grouping_conformance_expected.txt not found beside the test's source");
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    int lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList parts = line.split(u' ', Qt::SkipEmptyParts);
        QVERIFY2(parts.size() == 2, qPrintable(QStringLiteral("line %1: \"%2\"").arg(lineNo).arg(line)));
        const QString& outcome = parts.at(1);
        QVERIFY2(outcome == QLatin1String(kIdentical) || outcome == QLatin1String(kDetailsDiffer)
                || outcome == QLatin1String(kPrimaryDiffers),
            qPrintable(QStringLiteral("line %1: unknown outcome \"%2\"").arg(lineNo).arg(outcome)));
        QVERIFY2(!m_expected.contains(parts.at(0)), qPrintable(QStringLiteral("line %1: listed twice").arg(lineNo)));
        m_expected.insert(parts.at(0), outcome);
    }
    QVERIFY(!m_expected.isEmpty());
}

// Every corpus case has an expected outcome and every listed case is in the
// corpus: a case that disappears or is renamed cannot drop out unnoticed.
void TestGroupingConformance::expectedListCoversTheCorpus()
{
    STACKDECK_REQUIRE_CORPUS();
    QStringList inCorpus;
    for (const QString& f : test::corpusFiles(QStringLiteral("grouping/cases"), {QStringLiteral("*.json")}))
        inCorpus << QFileInfo(f).completeBaseName();
    inCorpus.sort();
    QStringList listed = m_expected.keys();
    listed.sort();
    QCOMPARE(inCorpus, listed);
    const QByteArray manifest = test::readFile(test::corpusPath(QStringLiteral("grouping/manifest.json")));
    QCOMPARE(
        json::parse(manifest.constData(), manifest.constData() + manifest.size()).value("count", -1), inCorpus.size());
}

void TestGroupingConformance::cases_data()
{
    QTest::addColumn<QString>("file");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& f : test::corpusFiles(QStringLiteral("grouping/cases"), {QStringLiteral("*.json")}))
        QTest::newRow(qPrintable(QFileInfo(f).completeBaseName())) << f;
}

void TestGroupingConformance::cases()
{
    QFETCH(QString, file);
    const QByteArray bytes = test::readFile(test::corpusPath(file));
    const json doc = json::parse(bytes.constData(), bytes.constData() + bytes.size());
    const json& input = doc["input"];
    const json& expected = doc["expected"];

    GroupingConfig config;
    if (figuresOnly()) {
        config.builtInEnhancements = false;
        config.builtInFingerprintRules = false;
    }
    if (input.contains("_grouping") && input["_grouping"].contains("enhancements"))
        config.enhancements = input["_grouping"]["enhancements"].get<std::string>();
    if (input.contains("_fingerprinting_rules")) {
        auto rules = FingerprintRules::fromJson(input["_fingerprinting_rules"]);
        QVERIFY2(rules.ok(), rules.ok() ? "" : rules.error().message.c_str());
        config.customFingerprintRules = rules.value();
    }
    // The Sentry harness groups any dict; our decoder wants at least one event
    // key (`{}` and a lone `template` have none), so give those Relay's own
    // default platform, which changes nothing for grouping.
    std::string text = input.dump();
    auto event = decodeEventJson(text);
    if (!event.ok() && (input.empty() || input.contains("template"))) {
        json patched = input;
        patched["platform"] = "other";
        text = patched.dump();
        event = decodeEventJson(text);
    }
    QVERIFY2(event.ok(), event.ok() ? "" : event.error().message.c_str());
    const GroupingResult result = computeGrouping(*event, config);
    QVERIFY2(result.configErrors.empty(), result.configErrors.empty() ? "" : result.configErrors.front().c_str());
    // The import's fast path (no trees, skipped work) must hash exactly like the detailed one.
    GroupingConfig fast = config;
    fast.withDetails = false;
    QCOMPARE(computeGrouping(*event, fast).hashes, result.hashes);
    // The import decodes only what derived tables read (DecodeDetail::Index): the same hashes and issue summary.
    const auto indexed = decodeEventJson(text, DecodeDetail::Index);
    QVERIFY(indexed.ok());
    QCOMPARE(computeGrouping(*indexed, fast).hashes, result.hashes);
    const EventSummary fullSummary = groupEvent(*event).summary;
    const EventSummary indexSummary = groupEvent(*indexed).summary;
    QCOMPARE(indexSummary.title, fullSummary.title);
    QCOMPARE(indexSummary.culprit, fullSummary.culprit);
    QCOMPARE(indexSummary.metadataJson, fullSummary.metadataJson);
    GroupingConfig builtIn; // groupEvent's: the built-in rules only
    builtIn.withDetails = false;
    const json storedMetadata
        = fullSummary.metadataJson.empty() ? json::object() : json::parse(fullSummary.metadataJson);
    QVERIFY2(storedMetadata == metadataObject(deriveEventMetadata(*event, computeGrouping(*event, builtIn), builtIn)),
        fullSummary.metadataJson.c_str());
    QCOMPARE(derivedTags(*indexed), derivedTags(*event));
    // The import groups and describes an event from one normalisation of its
    // stack traces: the same hashes and metadata as the two steps apart.
    for (const auto& [detail, way] : {std::pair {event.value(), config}, std::pair {indexed.value(), fast}}) {
        const DescribedGrouping both = computeGroupingAndMetadata(detail, way);
        const GroupingResult apart = computeGrouping(detail, way);
        QCOMPARE(both.grouping.hashes, apart.hashes);
        QCOMPARE(both.grouping.mainException, apart.mainException);
        QVERIFY(both.metadata == deriveEventMetadata(detail, apart, way));
    }

    std::vector<std::string> diffs;
    const std::string expectedPrimary = expected["hashes"].empty() ? "" : expected["hashes"][0].get<std::string>();
    const bool primaryOk = result.primaryHash() == expectedPrimary;
    const bool contributingOnly = expected.value("completeness", "") == "contributing-variants-only";
    if (!contributingOnly && expected["hashes"].get<std::vector<std::string>>() != result.hashes)
        diffs.push_back("hashes differ");

    std::set<std::string> seen;
    for (const auto& [name, ev] : expected["variants"].items()) {
        seen.insert(name);
        const GroupingVariant* v = result.variant(name);
        if (!v) {
            diffs.push_back("missing variant " + name);
            continue;
        }
        const std::string eh = ev["hash"].is_string() ? ev["hash"].get<std::string>() : "null";
        if (eh != v->hash.value_or("null"))
            diffs.push_back(name + ": hash " + eh + " != " + v->hash.value_or("null"));
        if (ev.value("contributes", false) != v->contributes)
            diffs.push_back(name + ": contributes differs");
        if (ev.contains("hash_input") && ev["hash_input"].size() != v->hashInput.size())
            diffs.push_back(name + ": hash_input has " + std::to_string(v->hashInput.size()) + " values, expected "
                + std::to_string(ev["hash_input"].size()));
        else if (ev.contains("hash_input")) {
            for (std::size_t i = 0; i < v->hashInput.size(); ++i) {
                if (leafText(ev["hash_input"][i]) != v->hashInput[i]) {
                    diffs.push_back(name + ": hash_input[" + std::to_string(i) + "] \"" + leafText(ev["hash_input"][i])
                        + "\" != \"" + v->hashInput[i] + "\"");
                    break;
                }
            }
        }
        if (ev.contains("component") && v->component)
            compareTree(ev["component"], *v->component, "", contributingOnly, diffs);
        else if (ev.contains("component"))
            diffs.push_back(name + ": no component");
    }
    if (!contributingOnly) {
        for (const auto& v : result.variants) {
            if (!seen.count(v.name))
                diffs.push_back("unexpected variant " + v.name);
        }
    }

    Tally& t = tally();
    ++t.cases;
    const QString name = QFileInfo(file).completeBaseName();
    if (primaryOk)
        ++t.primaryOk;
    else
        t.primaryFailures << name;
    if (primaryOk && diffs.empty())
        ++t.fullOk;
    else if (primaryOk)
        t.detailFailures << name;
    std::string report;
    if (!diffs.empty() || !primaryOk) {
        report = primaryOk ? "" : "primary " + result.primaryHash() + " != " + expectedPrimary + "; ";
        for (std::size_t i = 0; i < diffs.size() && i < 8; ++i)
            report += diffs[i] + "; ";
        qInfo("MISMATCH %s: %s", qPrintable(name), report.c_str());
    }
    if (figuresOnly())
        return;
    const QString outcome = QLatin1String(!primaryOk ? kPrimaryDiffers : diffs.empty() ? kIdentical : kDetailsDiffer);
    const QString expectedOutcome = m_expected.value(name);
    QVERIFY2(!expectedOutcome.isEmpty(), "this case has no line in grouping_conformance_expected.txt");
    QVERIFY2(outcome == expectedOutcome,
        qPrintable(QStringLiteral("outcome %1, expected %2 (grouping_conformance_expected.txt)%3")
                       .arg(outcome, expectedOutcome,
                           report.empty() ? QStringLiteral(": update the list")
                                          : QStringLiteral(": ") + QString::fromStdString(report))));
}

void TestGroupingConformance::summary()
{
    STACKDECK_REQUIRE_CORPUS();
    const Tally& t = tally();
    qInfo("grouping conformance: %d/%d primary hashes identical, %d/%d identical in every variant", t.primaryOk,
        t.cases, t.fullOk, t.cases);
    if (!t.primaryFailures.isEmpty())
        qInfo("primary hash differs: %s", qPrintable(t.primaryFailures.join(QStringLiteral(", "))));
    if (!t.detailFailures.isEmpty())
        qInfo("hash ok, details differ: %s", qPrintable(t.detailFailures.join(QStringLiteral(", "))));
    if (figuresOnly())
        QSKIP("STACKDECK_GROUPING_NO_BUILTIN_RULES: figures only, the expected outcomes were not checked");
}

QTEST_GUILESS_MAIN(TestGroupingConformance)
// The stored metadata is JSON that reads back as the event's texts, whatever
// they hold: quotes, backslashes, control characters, non-ASCII, and bytes
// that are not UTF-8 (replaced by U+FFFD: the parser repairs event text, an
// event built in code may not be).
void TestGroupingConformance::metadataJsonReadsBack_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("readBack");
    QTest::newRow("plain") << QByteArray("could not load order 7") << QByteArray("could not load order 7");
    QTest::newRow("quotes and backslashes")
        << QByteArray(R"(path "C:\tmp\x" / 'y')") << QByteArray(R"(path "C:\tmp\x" / 'y')");
    QTest::newRow("control characters") << QByteArray("a\b\f\n\r\t\x01\x1f\x7f z")
                                        << QByteArray("a\b\f\n\r\t\x01\x1f\x7f z");
    QTest::newRow("non-ASCII") << QByteArray("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x9b")
                               << QByteArray("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x9b");
    QTest::newRow("not UTF-8") << QByteArray("bad \xff\xfe end") << QByteArray("bad \xef\xbf\xbd\xef\xbf\xbd end");
}

void TestGroupingConformance::metadataJsonReadsBack()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, readBack);
    auto event = decodeEventJson(R"({"platform": "python", "exception": {"values": [{"type": "KeyError"}]}})");
    QVERIFY(event.ok());
    event->exceptions[0].value = value.toStdString();
    const std::string stored = groupEvent(*event).summary.metadataJson;
    QVERIFY(json::accept(stored));
    const json md = json::parse(stored);
    QCOMPARE(md.value("type", std::string()), std::string("KeyError"));
    QCOMPARE(QByteArray::fromStdString(md.value("value", std::string())), readBack);
}

#include "tst_grouping_conformance.moc"

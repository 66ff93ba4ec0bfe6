#include "formats/eventdecoder.h"
#include "testsupport.h"

#include <QStringList>
#include <QTest>

#include <cinttypes>
#include <cstdio>

using namespace stackdeck;

namespace {

QString s(const std::string& v)
{
    return QString::fromStdString(v);
}

QString joinPairs(const Pairs& pairs)
{
    QStringList out;
    for (const auto& [k, v] : pairs)
        out << s(k) + QLatin1Char('=') + s(v);
    return out.join(QLatin1Char(';'));
}

QString hex(const std::optional<std::uint64_t>& v)
{
    if (!v)
        return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, *v);
    return QString::fromLatin1(buf);
}

const Frame* lastFrame(const Event& e)
{
    const Stacktrace* st = nullptr;
    if (!e.exceptions.empty() && e.exceptions.back().stacktrace)
        st = &*e.exceptions.back().stacktrace;
    else if (e.stacktrace)
        st = &*e.stacktrace;
    else if (!e.threads.empty() && e.threads.front().stacktrace)
        st = &*e.threads.front().stacktrace;
    return st && !st->frames.empty() ? &st->frames.back() : nullptr;
}

// One named view of a decoded Event, as text, for data-driven rows.
QString field(const Event& e, const QString& name)
{
    const Frame* f = lastFrame(e);
    if (name == QLatin1String("eventId"))
        return s(e.eventId);
    if (name == QLatin1String("formatted"))
        return e.logentry ? s(e.logentry->formatted) : QStringLiteral("<none>");
    if (name == QLatin1String("template"))
        return e.logentry ? s(e.logentry->message) : QStringLiteral("<none>");
    if (name == QLatin1String("exceptionTypes")) {
        QStringList out;
        for (const auto& x : e.exceptions)
            out << s(x.type);
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("exceptionValue"))
        return e.exceptions.empty() ? QString() : s(e.exceptions.back().value);
    if (name == QLatin1String("exceptionType"))
        return e.exceptions.empty() ? QString() : s(e.exceptions.back().type);
    if (name == QLatin1String("exceptionTree")) {
        QStringList out;
        for (const auto& x : e.exceptions) {
            const auto& m = x.mechanism;
            out << QStringLiteral("%1:%2/%3")
                       .arg(s(x.type))
                       .arg(m && m->exceptionId ? QString::number(*m->exceptionId) : QStringLiteral("-"))
                       .arg(m && m->parentId ? QString::number(*m->parentId) : QStringLiteral("-"));
        }
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("threadIds")) {
        QStringList out;
        for (const auto& t : e.threads)
            out << s(t.id);
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("breadcrumbs")) {
        QStringList out;
        for (const auto& b : e.breadcrumbs)
            out << s(b.message);
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("breadcrumbTime"))
        return e.breadcrumbs.empty() || !e.breadcrumbs[0].timestamp ? QString()
                                                                    : QString::number(*e.breadcrumbs[0].timestamp);
    if (name == QLatin1String("tags"))
        return joinPairs(e.tags);
    if (name == QLatin1String("tagA"))
        return findPair(e.tags, "a") ? s(*findPair(e.tags, "a")) : QString();
    if (name == QLatin1String("timestamp"))
        return e.timestamp ? QString::number(*e.timestamp) : QStringLiteral("<none>");
    if (name == QLatin1String("startTimestamp"))
        return e.startTimestamp ? QString::number(*e.startTimestamp) : QStringLiteral("<none>");
    if (name == QLatin1String("spanTimes"))
        return e.spans.empty()
            ? QString()
            : QStringLiteral("%1-%2").arg(e.spans[0].start.value_or(-1)).arg(e.spans[0].end.value_or(-1));
    if (name == QLatin1String("level"))
        return QString::fromUtf8(levelName(e.level).data());
    if (name == QLatin1String("type"))
        return QString::fromUtf8(eventTypeName(e.type).data());
    if (name == QLatin1String("extra"))
        return s(e.extra.text);
    if (name == QLatin1String("modules"))
        return joinPairs(e.modules);
    if (name == QLatin1String("hashes"))
        return e.hashes.empty() ? QString() : s(e.hashes.front());
    if (name == QLatin1String("fingerprint")) {
        QStringList out;
        for (const auto& x : e.fingerprint)
            out << s(x);
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("shape"))
        return e.shape == EventShape::Api ? QStringLiteral("api") : QStringLiteral("protocol");
    if (name == QLatin1String("release"))
        return s(e.release);
    if (name == QLatin1String("environment"))
        return s(e.environment);
    if (name == QLatin1String("groupId"))
        return s(e.serverGroupId);
    if (name == QLatin1String("projectId"))
        return s(e.serverProjectId);
    if (name == QLatin1String("userId"))
        return e.user ? s(e.user->id) : QStringLiteral("<none>");
    if (name == QLatin1String("contextRaw"))
        return e.contexts.empty() ? QString() : s(e.contexts[0].value.text);
    if (e.request) {
        const Request& r = *e.request;
        if (name == QLatin1String("url"))
            return s(r.url);
        if (name == QLatin1String("query"))
            return joinPairs(r.query);
        if (name == QLatin1String("queryString"))
            return s(r.queryString);
        if (name == QLatin1String("fragment"))
            return s(r.fragment);
        if (name == QLatin1String("headers"))
            return joinPairs(r.headers);
        if (name == QLatin1String("cookies"))
            return joinPairs(r.cookies);
        if (name == QLatin1String("env"))
            return s(r.env.text);
    }
    if (name == QLatin1String("functions")) {
        QStringList out;
        const Stacktrace* st = !e.exceptions.empty() && e.exceptions.back().stacktrace
            ? &*e.exceptions.back().stacktrace
            : (e.stacktrace ? &*e.stacktrace : nullptr);
        if (st) {
            for (const auto& fr : st->frames)
                out << s(fr.function);
        }
        return out.join(QLatin1Char(','));
    }
    if (name == QLatin1String("topLevelStacktrace"))
        return e.stacktrace ? QStringLiteral("yes") : QStringLiteral("no");
    if (f) {
        if (name == QLatin1String("lineno"))
            return f->lineno ? QString::number(*f->lineno) : QStringLiteral("<none>");
        if (name == QLatin1String("instructionAddr"))
            return hex(f->instructionAddr);
        if (name == QLatin1String("symbolAddr"))
            return hex(f->symbolAddr);
        if (name == QLatin1String("imageAddr"))
            return hex(f->imageAddr);
        if (name == QLatin1String("inApp"))
            return f->inApp ? (*f->inApp ? QStringLiteral("true") : QStringLiteral("false")) : QStringLiteral("<none>");
        if (name == QLatin1String("paths"))
            return s(f->filename) + QLatin1Char('|') + s(f->absPath);
        if (name == QLatin1String("context"))
            return QStringLiteral("%1|%2|%3")
                .arg(f->preContext.size())
                .arg(s(f->contextLine))
                .arg(f->postContext.size());
    }
    return QStringLiteral("<unknown field %1>").arg(name);
}

} // namespace

class TestEventDecoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samplesDecode_data();
    void samplesDecode();
    void fields_data();
    void fields();
    void notEvents_data();
    void notEvents();
};

void TestEventDecoder::samplesDecode_data()
{
    QTest::addColumn<QString>("file");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& f : test::corpusFiles(QStringLiteral("samples"), {QStringLiteral("*.json")}))
        QTest::newRow(qPrintable(f)) << f;
}

void TestEventDecoder::samplesDecode()
{
    QFETCH(QString, file);
    const QByteArray bytes = test::readFile(test::corpusPath(file));
    QVERIFY(!bytes.isEmpty());
    auto result = decodeEventJson(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
}

void TestEventDecoder::fields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* json, const char* field, const char* expected) {
        QTest::newRow(name) << QByteArray(json) << QString::fromUtf8(field) << QString::fromUtf8(expected);
    };

    // §7.1 exception / threads / breadcrumbs: values wrapper, bare list, {} and a lone object.
    row("c1-exception-values", R"({"exception":{"values":[{"type":"A"},{"type":"B"}]}})", "exceptionTypes", "A,B");
    row("c1-exception-bare-list", R"({"exception":[{"type":"A"},{"type":"B"}]})", "exceptionTypes", "A,B");
    row("c1-exception-empty-object", R"({"exception":{},"message":"m"})", "exceptionTypes", "");
    row("c1-exception-single-object", R"({"exception":{"type":"ValueError","value":"v"}})", "exceptionTypes",
        "ValueError");
    row("c1-exception-values-null", R"({"exception":{"values":null},"message":"m"})", "exceptionTypes", "");
    row("c1-exception-null", R"({"exception":null,"message":"m"})", "exceptionTypes", "");
    row("c1-exception-values-extra-keys", R"({"exception":{"values":[{"type":"A"}],"excOmitted":null}})",
        "exceptionTypes", "A");
    row("c1-legacy-interface-key", R"({"sentry.interfaces.Exception":{"values":[{"type":"Legacy"}]}})",
        "exceptionTypes", "Legacy");
    row("c1-threads-values", R"({"threads":{"values":[{"id":1},{"id":2}]}})", "threadIds", "1,2");
    row("c1-threads-bare-list", R"({"threads":[{"id":1},{"id":"main"}]})", "threadIds", "1,main");
    row("c1-threads-single-object", R"({"threads":{"id":7,"crashed":true}})", "threadIds", "7");
    row("c1-threads-empty-object", R"({"threads":{},"message":"m"})", "threadIds", "");
    row("c1-breadcrumbs-values", R"({"breadcrumbs":{"values":[{"message":"a"},{"message":"b"}]}})", "breadcrumbs",
        "a,b");
    row("c1-breadcrumbs-bare-list", R"({"breadcrumbs":[{"message":"a"},{"message":"b"}]})", "breadcrumbs", "a,b");
    row("c1-breadcrumbs-empty-object", R"({"breadcrumbs":{},"message":"m"})", "breadcrumbs", "");
    row("c1-breadcrumbs-single-object", R"({"breadcrumbs":{"message":"only"}})", "breadcrumbs", "only");

    // §7.2 tags and map-like fields: object and pairs, repeats, nulls, raw strings, API [{key, value}].
    row("c2-tags-object", R"({"message":"x","tags":{"a":"1","b":"2"}})", "tags", "a=1;b=2");
    row("c2-tags-pairs", R"({"message":"x","tags":[["a","1"],["b","2"]]})", "tags", "a=1;b=2");
    row("c2-tags-pairs-repeat-first-wins", R"({"message":"x","tags":[["a","1"],["b",null],["a","2"]]})", "tagA", "1");
    row("c2-tags-pairs-null-value", R"({"message":"x","tags":[["a",null]]})", "tags", "a=");
    row("c2-tags-non-string-values", R"({"message":"x","tags":{"n":42,"t":true}})", "tags", "n=42;t=True");
    row("c2-tags-api-key-value", R"({"eventID":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","tags":[{"key":"a","value":"1"}]})",
        "tags", "a=1");
    row("c2-headers-object", R"({"request":{"url":"http://x/","headers":{"Accept":"*/*","X-A":"1"}}})", "headers",
        "Accept=*/*;X-A=1");
    row("c2-headers-pairs", R"({"request":{"url":"http://x/","headers":[["Accept","*/*"],["Accept","x"]]}})", "headers",
        "Accept=*/*;Accept=x");
    row("c2-query-raw-string", R"({"request":{"url":"http://x/","query_string":"a=1&b=2&flag"}})", "query",
        "a=1;b=2;flag=");
    row("c2-query-object", R"({"request":{"url":"http://x/","query_string":{"a":"1"}}})", "query", "a=1");
    row("c2-query-pairs", R"({"request":{"url":"http://x/","query_string":[["a","1"],["a","2"]]}})", "query",
        "a=1;a=2");
    row("c2-query-from-url", R"({"request":{"url":"http://x/p?a=1#frag"}})", "queryString", "a=1");
    row("c2-url-split", R"({"request":{"url":"http://x/p?a=1#frag"}})", "url", "http://x/p");
    row("c2-fragment-from-url", R"({"request":{"url":"http://x/p?a=1#frag"}})", "fragment", "frag");
    row("c2-cookies-raw-string", R"({"request":{"url":"http://x/","cookies":"a=1; b=2"}})", "cookies", "a=1;b=2");
    row("c2-cookies-object", R"({"request":{"url":"http://x/","cookies":{"a":"1"}}})", "cookies", "a=1");
    row("c2-cookies-pairs", R"({"request":{"url":"http://x/","cookies":[["a","1"]]}})", "cookies", "a=1");
    row("c2-env-object", R"({"request":{"url":"http://x/","env":{"REMOTE_ADDR":"127.0.0.1"}}})", "env",
        R"({"REMOTE_ADDR":"127.0.0.1"})");

    // §7.3 timestamps: RFC 3339 (offset optional, any fraction) or seconds; never milliseconds.
    row("c3-rfc3339-z", R"({"message":"x","timestamp":"2011-05-02T17:41:36Z"})", "timestamp", "1304358096000000");
    row("c3-no-offset-is-utc", R"({"message":"x","timestamp":"2011-05-02T17:41:36"})", "timestamp", "1304358096000000");
    row("c3-fraction-3", R"({"message":"x","timestamp":"2011-05-02T17:41:36.000"})", "timestamp", "1304358096000000");
    row("c3-fraction-1", R"({"message":"x","timestamp":"2011-05-02T17:41:36.5Z"})", "timestamp", "1304358096500000");
    row("c3-fraction-9-truncated", R"({"message":"x","timestamp":"2011-05-02T17:41:36.123456789Z"})", "timestamp",
        "1304358096123456");
    row("c3-offset-negative", R"({"message":"x","timestamp":"2011-05-02T17:41:36-02:00"})", "timestamp",
        "1304365296000000");
    row("c3-offset-positive-no-colon", R"({"message":"x","timestamp":"2011-05-02T17:41:36+0530"})", "timestamp",
        "1304338296000000");
    row("c3-float-seconds", R"({"message":"x","timestamp":1304358096.0})", "timestamp", "1304358096000000");
    row("c3-int-seconds", R"({"message":"x","timestamp":1304358096})", "timestamp", "1304358096000000");
    row("c3-float-fraction", R"({"message":"x","timestamp":1304358096.25})", "timestamp", "1304358096250000");
    row("c3-numeric-string", R"({"message":"x","timestamp":"1304358096.5"})", "timestamp", "1304358096500000");
    // Milliseconds are read as seconds (as Relay does), which puts them past 9999: dropped.
    row("c3-milliseconds-read-as-seconds-dropped", R"({"message":"x","timestamp":1304358096000})", "timestamp",
        "<none>");
    // The instants an event may carry: 1970-01-01 up to the end of 9999 (model/timestamp.h).
    row("c3-epoch-kept", R"({"message":"x","timestamp":0})", "timestamp", "0");
    row("c3-before-epoch-dropped", R"({"message":"x","timestamp":-1})", "timestamp", "<none>");
    row("c3-end-of-9999-kept", R"({"message":"x","timestamp":253402300799})", "timestamp", "253402300799000000");
    row("c3-year-10000-dropped", R"({"message":"x","timestamp":253402300800})", "timestamp", "<none>");
    row("c3-iso-year-9999-kept", R"({"message":"x","timestamp":"9999-12-31T23:59:59Z"})", "timestamp",
        "253402300799000000");
    row("c3-iso-before-epoch-dropped", R"({"message":"x","timestamp":"1969-12-31T23:59:59Z"})", "timestamp", "<none>");
    row("c3-invalid-dropped", R"({"message":"x","timestamp":"yesterday"})", "timestamp", "<none>");
    row("c3-breadcrumb-iso", R"({"breadcrumbs":[{"timestamp":"2011-05-02T17:41:36Z","message":"a"}]})",
        "breadcrumbTime", "1304358096000000");
    row("c3-span-iso-and-float",
        R"({"type":"transaction","start_timestamp":1,"timestamp":2,"spans":[{"span_id":"a","start_timestamp":"1970-01-01T00:00:01.5Z","timestamp":2.25}]})",
        "spanTimes", "1500000-2250000");

    // §7.4 event ids: 32 hex or dashed, any case; invalid ones are dropped.
    row("c4-hex", R"({"event_id":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","message":"x"})", "eventId",
        "5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f");
    row("c4-dashed-uppercase", R"({"event_id":"5F1C1C0A-9B8E-4C6F-8E0D-1B2A3C4D5E6F","message":"x"})", "eventId",
        "5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f");
    row("c4-short-invalid", R"({"event_id":"0123456789abcdef","message":"x"})", "eventId", "");
    row("c4-not-hex", R"({"event_id":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz","message":"x"})", "eventId", "");
    row("c4-misplaced-dashes", R"({"event_id":"5f1c1c0a9b8e-4c6f-8e0d-1b2a3c4d5e6f","message":"x"})", "eventId", "");

    // §7.5 message forms.
    row("c5-message-string", R"({"message":"hello"})", "formatted", "hello");
    row("c5-message-object", R"({"message":{"message":"a %s","params":["x"]}})", "formatted", "a x");
    row("c5-message-object-template", R"({"message":{"message":"a %s","params":["x"]}})", "template", "a %s");
    row("c5-logentry-params", R"({"logentry":{"message":"a %s b %d","params":["x",3]}})", "formatted", "a x b 3");
    row("c5-logentry-named-params", R"({"logentry":{"message":"%(who)s left","params":{"who":"ann"}}})", "formatted",
        "ann left");
    row("c5-logentry-beats-message-before", R"({"message":"flat search text","logentry":{"formatted":"real"}})",
        "formatted", "real");
    row("c5-logentry-beats-message-after", R"({"logentry":{"formatted":"real"},"message":"flat search text"})",
        "formatted", "real");
    row("c5-legacy-interface-message", R"({"sentry.interfaces.Message":{"message":"legacy"}})", "formatted", "legacy");
    row("c5-message-false-ignored", R"({"message":false,"level":"info"})", "formatted", "<none>");
    row("c5-message-number-encoded", R"({"message":42})", "formatted", "42");
    row("c5-formatted-equal-template-deduped", R"({"logentry":{"message":"same","formatted":"same"}})", "template", "");

    // §7.6 order: frames caller first, exceptions oldest first, exception groups by id.
    row("c6-frames-kept-in-order",
        R"({"exception":{"values":[{"type":"E","stacktrace":{"frames":[{"function":"main"},{"function":"run"},{"function":"crash"}]}}]}})",
        "functions", "main,run,crash");
    row("c6-chain-reported-last", R"({"exception":{"values":[{"type":"Cause"},{"type":"Raised"}]}})", "exceptionType",
        "Raised");
    row("c6-exception-group-ids",
        R"({"exception":{"values":[{"type":"KeyError","mechanism":{"type":"chained","source":"exceptions[1]","exception_id":2,"parent_id":0}},{"type":"ValueError","mechanism":{"type":"chained","exception_id":1,"parent_id":0}},{"type":"ExceptionGroup","mechanism":{"type":"generic","is_exception_group":true,"exception_id":0}}]}})",
        "exceptionTree", "KeyError:2/0,ValueError:1/0,ExceptionGroup:0/-");
    row("c6-top-level-stacktrace-moved", R"({"exception":{"type":"E"},"stacktrace":{"frames":[{"function":"moved"}]}})",
        "functions", "moved");
    row("c6-top-level-stacktrace-kept-with-two-exceptions",
        R"({"exception":[{"type":"A"},{"type":"B"}],"stacktrace":{"frames":[{"function":"f"}]}})", "topLevelStacktrace",
        "yes");
    row("c6-type-from-value", R"({"exception":{"type":null,"value":"ValueError: bad thing"}})", "exceptionValue",
        "bad thing");

    // §7.7 numbers.
    row("c7-thread-id-above-2-53", R"({"threads":[{"id":9007199254740993}]})", "threadIds", "9007199254740993");
    row("c7-thread-id-uint64", R"({"threads":[{"id":18446744073709551615}]})", "threadIds", "18446744073709551615");
    row("c7-memory-size-exact", R"({"message":"x","contexts":{"device":{"memory_size":9007199254740993}}})",
        "contextRaw", R"({"memory_size":9007199254740993})");
    row("c7-address-hex", R"({"stacktrace":{"frames":[{"instruction_addr":"0x1A2b"}]},"exception":{"type":"E"}})",
        "instructionAddr", "0x1a2b");
    row("c7-address-decimal-string",
        R"({"stacktrace":{"frames":[{"instruction_addr":"4096"}]},"exception":{"type":"E"}})", "instructionAddr",
        "0x1000");
    row("c7-address-integer", R"({"stacktrace":{"frames":[{"instruction_addr":4096}]},"exception":{"type":"E"}})",
        "instructionAddr", "0x1000");
    row("c7-address-above-2-63",
        R"({"stacktrace":{"frames":[{"image_addr":"0xfffffffffffff000"}]},"exception":{"type":"E"}})", "imageAddr",
        "0xfffffffffffff000");
    row("c7-lineno-zero", R"({"stacktrace":{"frames":[{"function":"f","lineno":0}]},"exception":{"type":"E"}})",
        "lineno", "0");
    row("c7-lineno-negative", R"({"stacktrace":{"frames":[{"function":"f","lineno":-3}]},"exception":{"type":"E"}})",
        "lineno", "-3");
    row("c7-nan-tolerated", R"({"message":"x","extra":{"a":NaN,"b":-Infinity}})", "extra", R"({"a":null,"b":null})");
    row("c7-level-python-number", R"({"message":"x","level":30})", "level", "warning");
    row("c7-level-critical", R"({"message":"x","level":"critical"})", "level", "fatal");
    row("c7-level-warn-not-accepted", R"({"message":"x","level":"warn"})", "level", "error");
    row("c7-release-number", R"({"message":"x","release":2})", "release", "2");
    row("c7-release-bool", R"({"message":"x","release":true})", "release", "True");
    row("c7-user-id-number", R"({"message":"x","user":{"id":42}})", "userId", "42");

    // §7.8 API shape.
    const char* api
        = R"({"id":"ab000000000000000000000000000000","eventID":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","groupID":"1234567","projectID":"42","type":"error",
        "dateCreated":"2025-01-15T10:20:30.123456Z","release":{"version":"desktop@1.4.0"},"context":{"k":"v"},"packages":{"requests":"2.0"},
        "fingerprints":["c4a4d06bc314205bb3b6bdb612dde7f1"],"tags":[{"key":"environment","value":"production"},{"key":"level","value":"warning"}],
        "entries":[{"type":"exception","data":{"values":[{"type":"ZeroDivisionError","value":"division by zero","stacktrace":{"frames":[
          {"function":"divide","absPath":"/app/calc.py","filename":"app/calc.py","lineNo":12,"inApp":true,"context":[[11,"def divide(a, b):"],[12,"    return a / b"],[13,""]]}]}}]}},
          {"type":"message","data":{"formatted":"api message"}}]})";
    row("c8-api-shape", api, "shape", "api");
    row("c8-api-event-id-from-eventID", api, "eventId", "5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f");
    row("c8-api-group-id-string", api, "groupId", "1234567");
    row("c8-api-project-id-string", api, "projectId", "42");
    row("c8-api-date-created", api, "timestamp", "1736936430123456");
    row("c8-api-release-object", api, "release", "desktop@1.4.0");
    row("c8-api-context-is-extra", api, "extra", R"({"k":"v"})");
    row("c8-api-packages-are-modules", api, "modules", "requests=2.0");
    row("c8-api-fingerprints-are-hashes", api, "hashes", "c4a4d06bc314205bb3b6bdb612dde7f1");
    row("c8-api-fingerprints-not-fingerprint", api, "fingerprint", "");
    row("c8-api-tags-key-value", api, "tags", "environment=production;level=warning");
    row("c8-api-environment-from-tags", api, "environment", "production");
    row("c8-api-level-from-tags", api, "level", "warning");
    row("c8-api-camelcase-frame", api, "lineno", "12");
    row("c8-api-camelcase-in-app", api, "inApp", "true");
    row("c8-api-camelcase-abs-path", api, "paths", "app/calc.py|/app/calc.py");
    row("c8-api-context-pairs-split", api, "context", "1|    return a / b|1");
    row("c8-api-message-entry", api, "formatted", "api message");
    row("c8-api-slim-list-event-type",
        R"({"id":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","eventID":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","event.type":"error","dateCreated":"2025-01-15T10:20:30Z","message":"slim"})",
        "type", "error");
    row("c8-api-slim-list-message",
        R"({"eventID":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","event.type":"default","message":"slim text"})", "formatted",
        "slim text");
}

void TestEventDecoder::fields()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    auto result = decodeEventJson(std::string_view(json.constData(), static_cast<size_t>(json.size())));
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    QCOMPARE(::field(*result, field), expected);
}

void TestEventDecoder::notEvents_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("breadcrumb-fragment") << QByteArray(R"({"category":"ui","message":"x"})");
    QTest::newRow("request-log-line") << QByteArray(
        R"({"event_id":"5f1c1c0a9b8e4c6f8e0d1b2a3c4d5e6f","method":"POST","path":"/api/1/store/"})");
    QTest::newRow("empty-object") << QByteArray("{}");
}

void TestEventDecoder::notEvents()
{
    QFETCH(QByteArray, json);
    auto result = decodeEventJson(std::string_view(json.constData(), static_cast<size_t>(json.size())));
    QVERIFY(!result.ok());
}

QTEST_GUILESS_MAIN(TestEventDecoder)
#include "tst_eventdecoder.moc"

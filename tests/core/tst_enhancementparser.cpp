// The stack trace rule language (docs/grouping-algorithm.md §10): every
// documented piece of syntax, how rules print in hints, errors with line and
// column, and matching through the parsed rules.

#include "grouping/enhancementindex.h"
#include "grouping/enhancementparser.h"
#include "grouping/enhancements.h"

#include <QTest>

#include <string>
#include <vector>

using namespace stackdeck::grouping;

namespace {

GroupingFrame frame(std::string_view function, std::string_view platform = "native")
{
    GroupingFrame f;
    f.function = function;
    f.platform = platform;
    f.family = familyForPlatform(platform);
    return f;
}

EnhancementRule one(std::string_view text)
{
    auto parsed = parseEnhancementRules(text);
    if (!parsed.ok() || parsed.value().size() != 1)
        qFatal("rule did not parse: %s", parsed.ok() ? "count" : parsed.error().toString().c_str());
    return parsed.value().front();
}

} // namespace

class TestEnhancementParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void printedForm_data();
    void printedForm();
    void structure();
    void commentsAndBlankLines();
    void errors_data();
    void errors();
    void builtinRulesParse();
    void matching();
    void callerAndCallee();
    void modifierPassOrder();
    void frameCacheAgreesWithFreshMatching();
};

void TestEnhancementParser::printedForm_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("printed");
    auto row = [](const char* name, const char* in, const char* out) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    row("simple", "family:native function:std::*   -app", "family:native function:std::* -app");
    row("aliases", "stack.abs_path:**/vendor/** stack.module:foo stack.function:bar stack.package:baz +group",
        "path:**/vendor/** module:foo function:bar package:baz +group");
    row("exception-matchers-first", "function:foo error.type:ValueError error.value:x error.mechanism:y -group",
        "type:ValueError value:x mechanism:y function:foo -group");
    row("negation", "!function:_purecall -group", "!function:_purecall -group");
    row("quoted", "function:\"foo bar\" -app", "function:foo bar -app");
    row("quoted-escape", "family:native function:\"*::\\\\{dtor\\\\}\" category=dtor",
        "family:native function:*::\\{dtor\\} category=dtor");
    row("ranges", "function:foo ^-group -group v+app", "function:foo ^-group -group v+app");
    row("var-actions", "family:native max-frames = 3 min-frames=2 invert-stacktrace=1",
        "family:native max-frames=3 min-frames=2 invert-stacktrace=true");
    row("caller", "[ category:gl ] | category:gl category=internals", "category:gl [category:gl] | category=internals");
    row("callee", "category:driver | [ category:driver ] category=internals",
        "category:driver | [category:driver] category=internals");
    row("both", "[ !category:system ] | category:system | [ !category:system ] category=indirection",
        "category:system [!category:system] | | [!category:system] category=indirection");
    row("app", "app:yes -group", "app:yes -group");
    row("trailing-comment", "function:foo -app  # why", "function:foo -app");
}

void TestEnhancementParser::printedForm()
{
    QFETCH(QString, rule);
    QFETCH(QString, printed);
    QCOMPARE(QString::fromStdString(one(rule.toStdString()).text), printed);
}

void TestEnhancementParser::structure()
{
    const EnhancementRule r
        = one("[ function:a ] | family:native,javascript !module:m* | [ path:x ] ^-app category=c max-frames=4");
    QCOMPARE(r.frameMatchers.size(), std::size_t(4));
    QCOMPARE(r.frameMatchers[0].field, MatchField::Family);
    QCOMPARE(r.frameMatchers[0].families, std::uint8_t(kFamilyNative | kFamilyJavaScript));
    QVERIFY(r.frameMatchers[1].negated);
    QCOMPARE(r.frameMatchers[2].offset, FrameOffset::Caller);
    QCOMPARE(r.frameMatchers[3].offset, FrameOffset::Callee);
    QCOMPARE(r.actions.size(), std::size_t(3));
    QCOMPARE(r.actions[0].range, ActionRange::Up);
    QVERIFY(!r.actions[0].flag);
    QCOMPARE(r.actions[1].category, std::string("c"));
    QCOMPARE(r.actions[2].number, std::size_t(4));
    QVERIFY(r.hasModifier);
    QVERIFY(r.hasUpdater);
    QCOMPARE(r.ignoredHint, "ignored by stack trace rule (" + r.text + ")");
    QCOMPARE(one("function:x category=y").hasUpdater, false);
    QCOMPARE(one("function:x -group").hasModifier, false);
}

void TestEnhancementParser::commentsAndBlankLines()
{
    auto parsed
        = parseEnhancementRules("# header\n\n   \nfunction:a -app\r\n  # indented comment\nfunction:b +app\n", true);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().size(), std::size_t(2));
    QCOMPARE(parsed.value()[0].line, 4);
    QCOMPARE(parsed.value()[1].line, 6);
    QVERIFY(parsed.value()[1].custom);
}

void TestEnhancementParser::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, const char* text, int line, int column, const char* msg) {
        QTest::newRow(name) << QString::fromUtf8(text) << line << column << QString::fromUtf8(msg);
    };
    row("unknown-matcher", "function:a -app\nfoo:bar -app", 2, 1, "unknown matcher `foo`");
    row("no-action", "function:a", 1, 11, "expected an action");
    row("unknown-flag", "function:a +bogus", 1, 13, "unknown flag `bogus`");
    row("unknown-action", "function:a frobnicate=1", 1, 12, "unknown action `frobnicate`");
    row("bad-number", "family:native max-frames=x", 1, 26, "`max-frames` needs a number");
    row("bad-app", "app:maybe -group", 1, 5, "invalid value for `app`");
    row("unterminated-quote", "function:\"abc -app", 1, 10, "unterminated quoted pattern");
    row("bad-glob", "\n\nfunction:[abc -app", 3, 10, "invalid pattern");
    row("no-matcher", "-app", 1, 1, "expected a matcher");
    row("caller-without-pipe", "[ function:a ] function:b -app", 1, 16, "expected '|'");
    row("bad-invert", "function:a invert-stacktrace=maybe", 1, 30, "invalid value for `invert-stacktrace`");
}

void TestEnhancementParser::errors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    auto parsed = parseEnhancementRules(text.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().line, line);
    QCOMPARE(parsed.error().column, column);
    QVERIFY2(QString::fromStdString(parsed.error().message).startsWith(message), parsed.error().message.c_str());
    QVERIFY(QString::fromStdString(parsed.error().toString())
                .contains(QStringLiteral("(line %1, column %2)").arg(line).arg(column)));
}

void TestEnhancementParser::builtinRulesParse()
{
    const auto base = Enhancements::builtin();
    QVERIFY(base->rules().size() > 290);
    QCOMPARE(QString::fromStdString(base->rules().front().text),
        QStringLiteral("family:native package:/var/containers/Bundle/Application/** +app"));
    auto custom = Enhancements::withCustomRules(base, "function:mine -app");
    QVERIFY(custom.ok());
    QCOMPARE(custom.value()->rules().size(), base->rules().size() + 1);
    QVERIFY(custom.value()->rules().back().custom);
}

void TestEnhancementParser::matching()
{
    Enhancements none;
    std::vector<GroupingFrame> frames {frame("std::vector<T>::push_back")};
    QVERIFY(none.frameMatches(one("family:native function:std::* -app"), frames, 0));
    QVERIFY(none.frameMatches(one("family:all function:STD::* -app"), frames, 0)); // case-insensitive, like the server
    QVERIFY(!none.frameMatches(one("family:javascript function:std::* -app"), frames, 0));
    QVERIFY(!none.frameMatches(one("!function:std::* -app"), frames, 0));

    GroupingFrame py = frame("handler", "python");
    py.absPath = "C:\\Users\\me\\Lib\\Site-Packages\\requests\\api.py";
    frames = {py};
    QVERIFY(none.frameMatches(one("path:**/site-packages/** -app"), frames, 0));
    GroupingFrame rel = frame("x", "native");
    rel.package = "usr/lib/libc.so";
    frames = {rel};
    QVERIFY(none.frameMatches(one("package:/usr/lib/** -app"), frames, 0)); // retried as "/usr/lib/..."

    GroupingFrame noModule = frame("f", "java");
    frames = {noModule};
    QVERIFY(!none.frameMatches(one("module:* -app"), frames, 0)); // a missing field never matches
    QVERIFY(none.frameMatches(one("!module:* -app"), frames, 0));
    QVERIFY(none.frameMatches(one("app:no -group"), frames, 0)); // unset in-app counts as false

    ExceptionData ex;
    ex.type = "ValueError";
    ex.hasType = true;
    QVERIFY(Enhancements::exceptionMatches(one("error.type:Value* -group"), ex));
    QVERIFY(Enhancements::exceptionMatches(one("error.value:<unknown> -group"), ex));
    QVERIFY(!Enhancements::exceptionMatches(one("error.mechanism:generic -group"), ex));
}

void TestEnhancementParser::callerAndCallee()
{
    Enhancements none;
    std::vector<GroupingFrame> frames {frame("a"), frame("b"), frame("c")};
    const EnhancementRule caller = one("[ function:a ] | function:b -group");
    QVERIFY(none.frameMatches(caller, frames, 1));
    QVERIFY(!none.frameMatches(caller, frames, 0)); // no caller before the first frame
    const EnhancementRule callee = one("function:b | [ function:c ] -group");
    QVERIFY(none.frameMatches(callee, frames, 1));
    QVERIFY(
        !none.frameMatches(one("function:c | [ !function:x ] -group"), frames, 2)); // even negated, none after the last
}

void TestEnhancementParser::modifierPassOrder()
{
    // Each rule sees what the previous ones did: the second rule keys on the first one's category.
    auto rules = Enhancements::withCustomRules(
        nullptr, "function:a category=special\ncategory:special -app\nfunction:c ^+app");
    QVERIFY(rules.ok());
    GroupingStacktrace st;
    st.frames = {frame("a"), frame("b"), frame("c"), frame("d")};
    st.frames[0].inApp = true;
    rules.value()->applyModifications(st);
    QCOMPARE(st.frames[0].category, std::string_view("special"));
    QCOMPARE(st.frames[0].inApp, std::optional<bool>(false));
    QCOMPARE(st.frames[1].inApp, std::optional<bool>()); // untouched
    QCOMPARE(st.frames[2].inApp, std::optional<bool>()); // ^ excludes the matching frame itself
    QCOMPARE(st.frames[3].inApp, std::optional<bool>(true));
}

void TestEnhancementParser::frameCacheAgreesWithFreshMatching()
{
    // More distinct frames than the per-thread cache keeps (65,536), so it
    // grows, fills, starts over and fills again; every answer, cached or
    // not, must be what an index with empty caches computes.
    const auto rules = parseEnhancementRules("stack.function:handle_* +app\n"
                                             "stack.module:vendor.* -app\n"
                                             "family:native stack.function:abort* -group\n"
                                             "stack.abs_path:**/site-packages/** -app\n"
                                             "!stack.package:libc* family:native +group\n");
    QVERIFY(rules.ok());
    const EnhancementIndex cached(rules.value());
    QCOMPARE(cached.ruleWords(), std::size_t(1));
    std::vector<std::string> names;
    constexpr int kFrames = 70'000;
    for (int i = 0; i < kFrames; ++i)
        names.push_back((i % 3 == 0 ? "handle_" : i % 3 == 1 ? "abort_" : "other_") + std::to_string(i));
    auto frameAt = [&](int i) {
        GroupingFrame f;
        f.function = names[std::size_t(i)];
        f.module = i % 5 == 0 ? "vendor.lib" : "app.core";
        f.absPath = i % 7 == 0 ? "/usr/lib/python3/site-packages/x.py" : "/srv/app/x.py";
        f.package = i % 2 == 0 ? "libc.so.6" : "";
        f.platform = i % 2 == 0 ? "native" : "python";
        f.family = familyForPlatform(f.platform);
        return f;
    };
    int mismatches = 0;
    int matchedSomething = 0;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < kFrames; i += (round == 0 ? 1 : 97)) {
            const GroupingFrame f = frameAt(i);
            std::uint64_t got = 0;
            cached.staticBits(f, &got);
            std::uint64_t again = 0;
            cached.staticBits(f, &again); // from the cache now
            const EnhancementIndex fresh(rules.value()); // caches of its own, empty
            std::uint64_t want = 0;
            fresh.staticBits(f, &want);
            mismatches += (got != want) + (again != want);
            matchedSomething += want != 0;
        }
    }
    QCOMPARE(mismatches, 0);
    QVERIFY(matchedSomething > kFrames / 2); // the rules do match: the comparison is not of zeros
}

QTEST_GUILESS_MAIN(TestEnhancementParser)
#include "tst_enhancementparser.moc"

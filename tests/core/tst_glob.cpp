// Glob semantics of the server's rule matchers (globset translated to a
// `(?-u)` byte regex): path separators, case, `**` as a whole component only,
// `?`, classes, alternates, escapes, newlines.

#include "grouping/glob.h"
#include "grouping/globset.h"

#include <QTest>

using namespace stackdeck::grouping;

namespace {
GlobOptions opts(bool path, bool ci = false, bool dotNewline = false)
{
    GlobOptions o;
    o.pathSeparator = path;
    o.caseInsensitive = ci;
    o.dotMatchesNewline = dotNewline;
    o.valueBackslashIsSlash = path;
    return o;
}
} // namespace

class TestGlob : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void slashPrefix();
    void errors_data();
    void errors();
    void globSet();
};

void TestGlob::matches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("path");
    QTest::addColumn<bool>("caseInsensitive");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("expected");
    auto row = [](const char* name, const char* p, bool path, bool ci, const char* v, bool e) {
        QTest::newRow(name) << QString::fromUtf8(p) << path << ci << QString::fromUtf8(v) << e;
    };
    // literals and stars
    row("literal", "foo", false, false, "foo", true);
    row("literal-partial", "foo", false, false, "foobar", false);
    row("star-suffix", "std::*", false, false, "std::vector<T>::push", true);
    row("star-crosses-slash-in-text-mode", "*.py", false, false, "foo/hello.py", true);
    row("star-stops-at-slash-in-path-mode", "*.py", true, false, "foo/hello.py", false);
    row("question-one-byte", "a?c", false, false, "abc", true);
    row("question-not-zero", "a?c", false, false, "ac", false);
    row("question-not-slash-in-path-mode", "a?c", true, false, "a/c", false);
    row("question-is-a-byte", "?", false, false, "\xc3\xa9", false);
    // `**` as a path component
    row("doublestar-prefix", "**/node_modules/**", true, false, "/app/node_modules/x/index.js", true);
    row("doublestar-prefix-at-start", "**/node_modules/**", true, false, "node_modules/x.js", true);
    row("doublestar-needs-component", "**/node_modules/**", true, false, "/app/my_node_modules/x.js", false);
    row("doublestar-infix", "a/**/b", true, false, "a/b", true);
    row("doublestar-infix-deep", "a/**/b", true, false, "a/x/y/b", true);
    row("doublestar-suffix-needs-child", "/usr/lib/**", true, false, "/usr/lib", false);
    row("doublestar-suffix", "/usr/lib/**", true, false, "/usr/lib/libc.so", true);
    row("doublestar-glued-is-star", "**.app/Contents/**", true, false, "/Applications/My.app/Contents/MacOS/My", false);
    row("doublestar-glued-at-root", "**.app/Contents/**", true, false, "My.app/Contents/MacOS/My", true);
    row("doublestar-glued-url", "**https://unpkg.com/**", true, false, "https://unpkg.com/react@18/index.js", true);
    row("doublestar-alone", "**", true, false, "/any/thing", true);
    // case
    row("case-sensitive", "Foo*", false, false, "foobar", false);
    row("case-insensitive", "Foo*", false, true, "FOOBAR", true);
    row("case-insensitive-class", "[a-c]x", false, true, "Bx", true);
    row("case-insensitive-ascii-only", "\xc3\xa9", false, true, "\xc3\x89", false);
    // classes
    row("class", "[abc]", false, false, "b", true);
    row("class-range", "1.18.[0-4].*", false, false, "1.18.4.2153-2aa83397b", true);
    row("class-negated-bang", "[!a]", false, false, "b", true);
    row("class-negated-caret", "[^a]", false, false, "a", false);
    row("class-bracket-literal", "?[[]Sentry*", false, false, "-[SentryClient capture]", true);
    row("class-bracket-literal-2", "__*[[]Sentry*", false, false, "__38-[SentryCrash install]_block_invoke", true);
    row("class-close-first", "[]]", false, false, "]", true);
    row("class-dash-last", "[a-]", false, false, "-", true);
    // escapes and alternates
    row("escaped-brace", "*::\\{dtor\\}", false, false, "Foo::{dtor}", true);
    row("escaped-bracket", "-\\[NSISEngine*", false, false, "-[NSISEngine _optimize]", true);
    row("escaped-star", "a\\*b", false, false, "a*b", true);
    row("escaped-star-literal", "a\\*b", false, false, "axb", false);
    row("alternates", "{foo,bar}.js", false, false, "bar.js", true);
    row("alternates-miss", "{foo,bar}.js", false, false, "baz.js", false);
    row("comma-outside-alternates", "a,b", false, false, "a,b", true);
    // newlines: `.` stops at '\n' unless told otherwise; a path `*` is `[^/]*`
    row("newline-text-star", "foo*", false, false, "foo\nbar", false);
    row("newline-path-star", "foo*", true, false, "foo\nbar", true);
    // path normalisation
    row("backslash-value", "C:/Windows/**", true, true, "C:\\Windows\\System32\\kernel32.dll", true);
}

void TestGlob::matches()
{
    QFETCH(QString, pattern);
    QFETCH(bool, path);
    QFETCH(bool, caseInsensitive);
    QFETCH(QString, value);
    QFETCH(bool, expected);
    auto glob = Glob::compile(pattern.toStdString(), opts(path, caseInsensitive));
    QVERIFY2(glob.ok(), glob.ok() ? "" : glob.error().message.c_str());
    QCOMPARE(glob->matches(value.toStdString()), expected);
}

void TestGlob::slashPrefix()
{
    // The path matchers retry "/value" when the value does not start with '/'.
    auto glob = Glob::compile("/usr/lib/**", opts(true));
    QVERIFY(glob.ok());
    QVERIFY(!glob->matches("usr/lib/libc.so"));
    QVERIFY(glob->matches("usr/lib/libc.so", true));
    QVERIFY(glob->slashPrefixMatters());
    auto anywhere = Glob::compile("**/vendor/**", opts(true));
    QVERIFY(anywhere.ok());
    QVERIFY(!anywhere->slashPrefixMatters());
}

void TestGlob::errors_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("unclosed-class") << QStringLiteral("[abc");
    QTest::newRow("empty-class") << QStringLiteral("[]");
    QTest::newRow("reversed-range") << QStringLiteral("[z-a]");
    QTest::newRow("unclosed-alternates") << QStringLiteral("{a,b");
    QTest::newRow("unopened-alternates") << QStringLiteral("a,b}");
    QTest::newRow("dangling-escape") << QStringLiteral("abc\\");
}

void TestGlob::errors()
{
    QFETCH(QString, pattern);
    QVERIFY(!Glob::compile(pattern.toStdString(), opts(false)).ok());
}

void TestGlob::globSet()
{
    GlobSet set(true);
    const auto a = set.add(Glob::compile("**/site-packages/**", opts(true, true)).value());
    const auto b = set.add(Glob::compile("/usr/lib/**", opts(true, true)).value());
    const auto c = set.add(Glob::compile("**/node_modules/**", opts(true, true)).value());
    std::uint64_t bits = 0;
    set.match("usr/lib/python3/site-packages/x.py", &bits);
    QVERIFY(bits & (1ULL << a));
    QVERIFY(bits & (1ULL << b)); // through the "/value" retry
    QVERIFY(!(bits & (1ULL << c)));
}

QTEST_GUILESS_MAIN(TestGlob)
#include "tst_glob.moc"

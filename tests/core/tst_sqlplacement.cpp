// SQL lives in core/store only (issue 15): no other folder of the sources
// holds SQL text or runs statements itself. core/query emits bound fragments
// (sqlfragments.*), which store executes. The scan reads the source tree
// (STACKDECK_SOURCE_DIR): comments are skipped, string literals (raw ones
// too) are searched for SQL, and code for the statement API.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace {

// Files outside core/store that may hold SQL text, and why.
const char* const kAllowed[] = {
    "core/query/sqlfragments.cpp", // the query compiler's bound fragments, executed by store
    "core/query/sqlfragments.h",
    "core/bench/syntheticcorpus.cpp", // SQL-looking text inside synthetic events' messages
};

struct Scanned {
    std::string code; // outside comments and literals
    std::vector<std::pair<int, std::string>> literals; // line, text
};

// A C++ source split into code and string literals, without comments.
Scanned scan(const std::string& text)
{
    Scanned out;
    int line = 1;
    std::size_t codeAtLastLiteral = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '\n')
            ++line;
        if (c == '/' && i + 1 < n && text[i + 1] == '/') {
            while (i < n && text[i] != '\n')
                ++i;
            continue;
        }
        if (c == '/' && i + 1 < n && text[i + 1] == '*') {
            const std::size_t end = text.find("*/", i + 2);
            const std::size_t stop = end == std::string::npos ? n : end + 2;
            for (std::size_t k = i; k < stop; ++k)
                line += text[k] == '\n' ? 1 : 0;
            i = stop;
            continue;
        }
        if (c == 'R' && i + 1 < n && text[i + 1] == '"') {
            const std::size_t open = text.find('(', i + 2);
            if (open != std::string::npos) {
                const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
                const std::size_t end = text.find(close, open);
                const std::size_t stop = end == std::string::npos ? n : end;
                out.literals.emplace_back(line, text.substr(open + 1, stop - open - 1));
                for (std::size_t k = i; k < stop; ++k)
                    line += text[k] == '\n' ? 1 : 0;
                i = end == std::string::npos ? n : end + close.size();
                continue;
            }
        }
        if (c == '"' || (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1]))))) {
            std::string literal;
            std::size_t k = i + 1;
            while (k < n && text[k] != c && text[k] != '\n') {
                if (text[k] == '\\' && k + 1 < n)
                    literal += text[k++];
                literal += text[k++];
            }
            if (c == '"') {
                // Adjacent literals ("SELECT ... " "FROM ...") are one string.
                const bool adjacent = !out.literals.empty() && out.code.size() >= codeAtLastLiteral
                    && out.code.find_first_not_of(" \t\r\n", codeAtLastLiteral) == std::string::npos;
                if (adjacent)
                    out.literals.back().second += literal;
                else
                    out.literals.emplace_back(line, literal);
                codeAtLastLiteral = out.code.size();
            }
            i = k + 1;
            continue;
        }
        out.code += c;
        ++i;
    }
    return out;
}

} // namespace

class TestSqlPlacement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noSqlOutsideStore_data();
    void noSqlOutsideStore();
    void scannerFindsSql_data();
    void scannerFindsSql();

private:
    static QStringList problems(const QString& relativePath, const std::string& text);
};

QStringList TestSqlPlacement::problems(const QString& relativePath, const std::string& text)
{
    static const QRegularExpression sqlText(
        QStringLiteral("\\b(SELECT\\s|INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\b|UPDATE\\s+\\w+\\s+SET\\b|DELETE\\s+FROM\\b|"
                       "CREATE\\s+(TABLE|INDEX|UNIQUE|TEMP|VIRTUAL|TRIGGER|VIEW)\\b|DROP\\s+(TABLE|INDEX)\\b|PRAGMA\\s|"
                       "ALTER\\s+TABLE\\b|WITH\\s+RECURSIVE\\b|VACUUM\\b)"));
    static const QRegularExpression statementApi(
        QStringLiteral("\\bsql::Statement\\b|\\.cached\\s*\\(|\\bdb(\\(\\))?\\s*(\\.|->)\\s*exec\\s*\\("));
    QStringList out;
    const Scanned scanned = scan(text);
    for (const auto& [line, literal] : scanned.literals) {
        if (sqlText.match(QString::fromStdString(literal)).hasMatch())
            out << QStringLiteral("%1:%2: SQL text \"%3\"")
                       .arg(relativePath)
                       .arg(line)
                       .arg(QString::fromStdString(literal.substr(0, 60)));
    }
    const auto code = QString::fromStdString(scanned.code);
    for (auto it = statementApi.globalMatch(code); it.hasNext();)
        out << QStringLiteral("%1: runs statements (%2)").arg(relativePath, it.next().captured(0));
    return out;
}

void TestSqlPlacement::noSqlOutsideStore_data()
{
    QTest::addColumn<QString>("folder");
    const QDir root(QStringLiteral(STACKDECK_SOURCE_DIR));
    QVERIFY2(root.exists(QStringLiteral("core/store/sqlite.h")), STACKDECK_SOURCE_DIR); // the tree really is there
    for (const QString& top : {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")}) {
        for (const QString& sub : QDir(root.filePath(top)).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (top == QLatin1String("core") && sub == QLatin1String("store"))
                continue;
            const QString folder = top + QLatin1Char('/') + sub;
            QTest::newRow(qPrintable(folder)) << folder;
        }
    }
}

void TestSqlPlacement::noSqlOutsideStore()
{
    QFETCH(QString, folder);
    const QDir root(QStringLiteral(STACKDECK_SOURCE_DIR));
    QStringList found;
    QDirIterator it(root.filePath(folder), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        if (std::find(std::begin(kAllowed), std::end(kAllowed), relative.toStdString()) != std::end(kAllowed))
            continue;
        QFile file(it.filePath());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(relative));
        const QByteArray bytes = file.readAll();
        found << problems(relative, std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TestSqlPlacement::scannerFindsSql_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("flagged");
    QTest::newRow("select literal") << QStringLiteral("auto s = \"SELECT id FROM issues\";") << true;
    QTest::newRow("split literal") << QStringLiteral("f(\"UPDATE issues \"\n  \"SET status = 1\");") << true;
    QTest::newRow("update literal") << QStringLiteral("f(\"UPDATE issues SET status = 1\");") << true;
    QTest::newRow("insert or replace") << QStringLiteral("f(\"INSERT OR REPLACE INTO meta VALUES(1)\");") << true;
    QTest::newRow("raw string") << QStringLiteral("f(R\"sql(\nDELETE FROM issues\n)sql\");") << true;
    QTest::newRow("statement api") << QStringLiteral("sql::Statement st(db, q);") << true;
    QTest::newRow("cached statement") << QStringLiteral("auto& st = m_db.cached(q);") << true;
    QTest::newRow("db exec") << QStringLiteral("db.exec(q);") << true;
    QTest::newRow("dialog exec") << QStringLiteral("dialog.exec();") << false;
    QTest::newRow("in a comment") << QStringLiteral("// SELECT DISTINCT key would read every row\nint x;") << false;
    QTest::newRow("in a block comment") << QStringLiteral("/* DELETE FROM issues */ int x;") << false;
    QTest::newRow("user text") << QStringLiteral("tr(\"Select an issue\");") << false;
    QTest::newRow("char literal quote") << QStringLiteral("c == '\"' ? 1 : 0; f(\"SELECT 1\");") << true;
}

void TestSqlPlacement::scannerFindsSql()
{
    QFETCH(QString, source);
    QFETCH(bool, flagged);
    const QStringList found = problems(QStringLiteral("x.cpp"), source.toStdString());
    QCOMPARE(!found.isEmpty(), flagged);
}

QTEST_GUILESS_MAIN(TestSqlPlacement)
#include "tst_sqlplacement.moc"

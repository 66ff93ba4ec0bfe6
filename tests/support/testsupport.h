#pragma once

#include <QDir>
#include <QString>
#include <QTest>

#include <string>

namespace stackdeck::test {

// Root of the shared corpus, or empty when it is not available. STACKDECK_CORPUS_DIR
// in the environment wins over the folder found at configure time, even when it
// names a folder without the corpus: a wrong setting means "missing", never
// "silently use another corpus".
QString corpusDir();
// Absolute path of a corpus file: corpusPath("samples/python.json").
QString corpusPath(const QString& relative);
// Every file below a corpus folder, sorted, relative paths.
QStringList corpusFiles(const QString& folder, const QStringList& nameFilters = {});
QByteArray readFile(const QString& path);
QString cliPath();

// True when a missing corpus must fail the tests instead of skipping them:
// STACKDECK_REQUIRE_CORPUS set (and not 0) in the environment, or at configure time.
bool corpusRequired();

// The exit status of a suite in which nothing failed but something was skipped.
// CTest maps it to "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt), so a
// suite that tested less than it has does not show as passed.
inline constexpr int skippedExitCode = 77;

// Records that the running suite skipped something (QSKIP below calls it).
void noteSkip();
// What main() returns: qExec's result, or skippedExitCode when nothing failed
// and something was skipped.
int suiteExitCode(int qExecResult);

} // namespace stackdeck::test

// Every QSKIP in a suite that includes this header is counted, so the suite's
// exit status says that it skipped (see suiteExitCode).
#ifndef QSKIP
#error "testsupport.h expects QtTest's QSKIP"
#endif
#undef QSKIP
#define QSKIP(statement, ...)                                                                                          \
    do {                                                                                                               \
        stackdeck::test::noteSkip();                                                                                   \
        QSKIP_INTERNAL(statement);                                                                                     \
    } while (false)

// QTEST_MAIN, QTEST_GUILESS_MAIN and QTEST_APPLESS_MAIN all expand to Qt's
// QTEST_MAIN_WRAPPER; this is that wrapper with the exit status above. If a Qt
// release renames it, this stops compiling instead of quietly reporting skips as passes.
#ifndef QTEST_MAIN_WRAPPER
#error "testsupport.h expects QtTest's QTEST_MAIN_WRAPPER (Qt 6.4)"
#endif
#undef QTEST_MAIN_WRAPPER
#define QTEST_MAIN_WRAPPER(TestObject, ...)                                                                            \
    int main(int argc, char* argv[])                                                                                   \
    {                                                                                                                  \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                                             \
        __VA_ARGS__                                                                                                    \
        TestObject tc;                                                                                                 \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return stackdeck::test::suiteExitCode(QTest::qExec(&tc, argc, argv));                                          \
    }

// Skips the calling test when the shared corpus is not there (a checkout without
// ../shared), or fails it when the corpus is required (CI: STACKDECK_REQUIRE_CORPUS=1).
#define STACKDECK_REQUIRE_CORPUS()                                                                                     \
    do {                                                                                                               \
        if (stackdeck::test::corpusDir().isEmpty()) {                                                                  \
            if (stackdeck::test::corpusRequired())                                                                     \
                QFAIL("shared/corpus not found and STACKDECK_REQUIRE_CORPUS is set (set STACKDECK_CORPUS_DIR)");       \
            QSKIP("shared/corpus not found (set STACKDECK_CORPUS_DIR)");                                               \
        }                                                                                                              \
    } while (false)

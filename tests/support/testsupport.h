#pragma once

#include <QDir>
#include <QString>
#include <QTest>

#include <string>

namespace stackdeck::test {

// Root of ../shared/corpus, or empty when it is not available.
QString corpusDir();
// Absolute path of a corpus file: corpusPath("samples/python.json").
QString corpusPath(const QString& relative);
// Every file below a corpus folder, sorted, relative paths.
QStringList corpusFiles(const QString& folder, const QStringList& nameFilters = {});
QByteArray readFile(const QString& path);
QString cliPath();

} // namespace stackdeck::test

// Skips the calling test when the shared corpus is not there (a checkout without ../shared).
#define STACKDECK_REQUIRE_CORPUS()                                                                                     \
    do {                                                                                                               \
        if (stackdeck::test::corpusDir().isEmpty())                                                                    \
            QSKIP("shared/corpus not found (set STACKDECK_CORPUS_DIR)");                                               \
    } while (false)

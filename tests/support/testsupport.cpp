#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <atomic>

namespace stackdeck::test {

namespace {
std::atomic<int> skips {0};
} // namespace

QString corpusDir()
{
    static const QString dir = [] {
        const QByteArray env = qgetenv("STACKDECK_CORPUS_DIR");
        const QString candidate = env.isEmpty() ? QString::fromUtf8(STACKDECK_CORPUS_DIR) : QString::fromLocal8Bit(env);
        // The same marker tests/CMakeLists.txt looks for.
        if (candidate.isEmpty()
            || !QFileInfo::exists(QDir(candidate).filePath(QStringLiteral("grouping/manifest.json"))))
            return QString();
        return candidate;
    }();
    return dir;
}

bool corpusRequired()
{
    const QByteArray env = qgetenv("STACKDECK_REQUIRE_CORPUS");
    return STACKDECK_CORPUS_REQUIRED || (!env.isEmpty() && env != "0");
}

void noteSkip()
{
    skips.fetch_add(1, std::memory_order_relaxed);
}

int suiteExitCode(int qExecResult)
{
    if (qExecResult == 0 && skips.load(std::memory_order_relaxed) > 0)
        return skippedExitCode;
    return qExecResult;
}

QString corpusPath(const QString& relative)
{
    return QDir(corpusDir()).filePath(relative);
}

QStringList corpusFiles(const QString& folder, const QStringList& nameFilters)
{
    QStringList out;
    const QDir root(corpusDir());
    QDirIterator it(root.filePath(folder), nameFilters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << root.relativeFilePath(it.next());
    out.sort();
    return out;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString cliPath()
{
    return QString::fromUtf8(STACKDECK_CLI_PATH);
}

} // namespace stackdeck::test

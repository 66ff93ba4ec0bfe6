#include "testsupport.h"

#include <QDirIterator>
#include <QFile>

namespace stackdeck::test {

QString corpusDir()
{
    static const QString dir = [] {
        const QByteArray env = qgetenv("STACKDECK_CORPUS_DIR");
        if (!env.isEmpty() && QDir(QString::fromLocal8Bit(env)).exists())
            return QString::fromLocal8Bit(env);
        return QString::fromUtf8(STACKDECK_CORPUS_DIR);
    }();
    return dir;
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

#pragma once

// Shared by the UI tests: workspaces built from the shared SDK corpus through
// the GUI's import path, and an application set up for offscreen runs.

#include "import/importbackend.h"
#include "store/workspacesession.h"
#include "testsupport.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace stackdeck::test {

inline QStringList sdkCorpusFiles()
{
    QStringList out;
    for (const QString& f :
        corpusFiles(QStringLiteral("sdk/received"), {QStringLiteral("*.json"), QStringLiteral("*.envelope")}))
        out << corpusPath(f);
    return out;
}

// Imports the SDK corpus into `path`; the outcome is returned for assertions.
inline ui::ImportOutcome buildCorpusWorkspace(const QString& path)
{
    return ui::importFiles(path, sdkCorpusFiles(), QString(), nullptr, {}, {});
}

// A session on `path` for a view or dialog under test (created when missing).
inline std::shared_ptr<store::WorkspaceSession> openSession(const QString& path)
{
    auto session = store::WorkspaceSession::open(path.toStdString());
    return session ? std::move(session).value() : nullptr;
}

} // namespace stackdeck::test

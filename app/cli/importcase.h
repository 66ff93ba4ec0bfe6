#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <string>

namespace stackdeck::cli {

// `import CASEFILE`: the inputs that are case files (by content) are merged
// into the workspace (report/casefile.h) and taken out of `inputs`; returns
// the worst exit code of those merges (Success when there were none).
int importCaseFiles(const QCommandLineParser& parser, const std::string& workspacePath, QStringList& inputs);

} // namespace stackdeck::cli

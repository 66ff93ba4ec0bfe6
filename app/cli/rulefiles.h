#pragma once

#include "regroup/regroupplan.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace stackdeck::cli {

// --rules FILE and --fingerprint-rules FILE, shared by hash, regroup and rules.
void addRuleFileOptions(QCommandLineParser& parser, const QString& rulesOption, const QString& fingerprintOption);

// Reads the rule files given on the command line over `base` (each file
// replaces its field). Prints "FILE:line:column: message" for a syntax
// error or the I/O error, and returns nullopt then.
std::optional<regroup::ProjectRules> readRuleFiles(const QCommandLineParser& parser, const QString& rulesOption,
    const QString& fingerprintOption, regroup::ProjectRules base);

bool hasRuleFiles(const QCommandLineParser& parser, const QString& rulesOption, const QString& fingerprintOption);

} // namespace stackdeck::cli

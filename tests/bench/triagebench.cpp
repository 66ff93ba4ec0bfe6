// Bulk triage on N issues (issue #16's bar: 100,000 resolved in <= 2 s, with
// the activity rows and the undo record), then the undo of it. Prints figures.
//
//   triagebench [--issues N] [--keep DIR]

#include "store/localuser.h"
#include "store/schema.h"
#include "store/triageactions.h"
#include "store/workspace.h"
#include "workspacegenerator.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>

using namespace stackdeck;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::int64_t issues = 100'000;
    QString keep;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--issues"))
            issues = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--keep"))
            keep = args[i + 1];
    }
    QTemporaryDir tmp;
    const QString dir = keep.isEmpty() ? tmp.path() : keep;
    const std::string path = QString(dir + QStringLiteral("/triage.stackdeck")).toStdString();
    auto ws = store::Workspace::open(path);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().message.c_str());
        return 2;
    }
    sql::Database& db = (*ws)->db();
    bench::GeneratorOptions options;
    options.issues = issues;
    options.events = issues * 2;
    options.now = store::nowMicros();
    std::printf("generating %lld issues (%lld events)...\n", static_cast<long long>(issues),
        static_cast<long long>(options.events));
    bench::generateWorkspace(db, options, {});
    db.exec("UPDATE issues SET status = 0, substatus = NULL, assignee = NULL, bookmarked = 0");

    auto ids = store::issueIdsMatching(db, {});
    std::int64_t reports = 0;
    store::TriageOptions topt;
    topt.progress = [&](std::int64_t, std::int64_t) { ++reports; };
    store::TriageChange resolve;
    resolve.status = triage::Status::Resolved;
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = store::applyTriage(db, *ids, resolve, topt);
    const auto t1 = std::chrono::steady_clock::now();
    if (!out) {
        std::fprintf(stderr, "%s\n", out.error().message.c_str());
        return 2;
    }
    const auto undo = store::undoLast(db);
    const auto t2 = std::chrono::steady_clock::now();
    if (!undo) {
        std::fprintf(stderr, "%s\n", undo.error().message.c_str());
        return 2;
    }
    const auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("bulk resolve: %lld issues in %.3f s (%lld progress reports; activity rows and undo record included)\n",
        static_cast<long long>(out->issues), secs(t0, t1), static_cast<long long>(reports));
    std::printf("undo:         %lld issues in %.3f s\n", static_cast<long long>(undo->issues), secs(t1, t2));
    return 0;
}

#pragma once

#include "pullsync.h"
#include "store/sqlite.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace stackdeck::server {

// The one summary a sync raises (#17 item 8): the issues it brought that are
// new or regressed and match a saved search marked "notify".
struct SyncAlert {
    struct Search {
        std::string name;
        std::int64_t issues = 0;
    };
    std::vector<std::int64_t> issues; // local issue ids, ascending, each once
    std::vector<Search> searches; // the alert searches with at least one of them, in sidebar order
    std::vector<std::string> titles; // of the first few issues
    std::vector<std::string> errors; // alert searches that no longer compile (named), skipped
    std::int64_t regressed = 0; // endpointAlert(): issues that came back, whether a search matches them or not
    bool empty() const { return issues.empty(); }
    QString title() const; // "3 new or regressed issues"
    QString body() const; // "Payments: 2, Crashes: 1 — ValueError: …"
};

// What the pull's new or regressed issues make of the workspace's alert
// searches. A first sync of an account raises nothing (everything is new to
// the workspace then, none of it to the user). `now` anchors relative times.
SyncAlert syncAlerts(sql::Database& db, const PullReport& report, std::int64_t nowMicros);

// The same for what the local endpoint stored (#19): every issue its triage
// re-evaluation brought back (a regression, as the triage defines it:
// resolved or ignored, then unresolved by a new event) whether or not an alert
// search matches it, and every new issue that matches an alert search.
SyncAlert endpointAlert(sql::Database& db, const std::vector<std::int64_t>& created,
    const std::vector<std::int64_t>& cameBack, std::int64_t nowMicros);

} // namespace stackdeck::server

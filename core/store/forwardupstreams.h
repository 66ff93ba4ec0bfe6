#pragma once

#include "sqlite.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// A workspace project's forwarding upstream (the local endpoint relays what
// it accepts for the project to it, core/ingest/forwarder.h), as kept in the
// meta table ("forward_upstream:<project name>"). The upstream's DSN is kept
// without its key: the key is a credential and lives in the OS keychain under
// `keyRef`, a random name made when the upstream was saved (so the workspace
// file can move without losing it, and no path or project name is needed to
// find it).
struct ForwardUpstream {
    std::string project;
    std::string upstream; // https://host[/prefix]/ID, no key
    std::string keyRef; // the keychain entry's name

    bool operator==(const ForwardUpstream&) const = default;
};

// Own statement each; the caller holds the write lease. Throws sql::SqliteError.
void saveForwardUpstream(sql::Database& db, const ForwardUpstream& upstream);
void removeForwardUpstream(sql::Database& db, const std::string& project);
std::vector<ForwardUpstream> forwardUpstreams(sql::Database& db); // ordered by project name
std::optional<ForwardUpstream> forwardUpstream(sql::Database& db, const std::string& project);

} // namespace stackdeck::store

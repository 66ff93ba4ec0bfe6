#pragma once

#include "sqlite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::store {

// The local DSN endpoint's key of a workspace project (core/ingest): a DSN is
// http://<publicKey>@127.0.0.1:<port>/<projectId>, projectId being the
// project's row id. Keys are random (128 bits from the system's CSPRNG), one
// per project, kept in the meta table ("ingest_key:<project name>") so they
// survive restarts and SDKs configured once keep working.
struct IngestKey {
    std::string project;
    std::int64_t projectId = 0;
    std::string publicKey; // 32 lowercase hex

    bool operator==(const IngestKey&) const = default;
};

// The project's key, made now when it has none; creates the project when it
// does not exist. Own transaction unless one is open. Throws sql::SqliteError.
IngestKey ensureIngestKey(sql::Database& db, const std::string& project);
// A new random key for the project: SDKs with the old DSN are refused (403) from then on.
IngestKey rotateIngestKey(sql::Database& db, const std::string& project);
// Every project that has a key.
std::vector<IngestKey> ingestKeys(sql::Database& db);
std::optional<IngestKey> ingestKeyForProject(sql::Database& db, std::int64_t projectId);

} // namespace stackdeck::store

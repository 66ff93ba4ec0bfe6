#pragma once

#include "preparedevent.h"
#include "sqlite.h"
#include "util/payloaddict.h"

#include <memory>

namespace stackdeck::store {

// The zstd dictionaries of a workspace (payload_dicts, schema 11), checked and
// prepared: what decodePayload needs for PayloadCodec::ZstdDict rows. Cheap
// after the first call in a process (prepared dictionaries are shared by id).
// A workspace or case file older than schema 11 has none. A damaged row is
// kept as an error for the payloads that name it; it never throws for one.
std::shared_ptr<const PayloadDicts> loadPayloadDicts(sql::Database& db);

// Only loads them when `codec` needs them: for one payload or span set.
std::shared_ptr<const PayloadDicts> payloadDictsFor(sql::Database& db, PayloadCodec codec);

// Loads them the first time a row needs them: for scans over many rows
// that are mostly of other codecs.
class LazyPayloadDicts {
public:
    explicit LazyPayloadDicts(sql::Database& db)
        : m_db(db)
    {
    }
    const PayloadDicts* get(PayloadCodec codec);

private:
    sql::Database& m_db;
    std::shared_ptr<const PayloadDicts> m_dicts;
};

// Stores the dictionaries the payload and span set of `event` name, if the
// workspace does not hold them yet; in the caller's transaction, with the
// event, so a frame never lands without its dictionary. Throws when the
// dictionary is not one this process prepared (a bug, not bad input).
void storePayloadDictsOf(sql::Database& db, const PreparedEvent& event);

} // namespace stackdeck::store

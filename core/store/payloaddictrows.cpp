#include "payloaddictrows.h"

#include "localuser.h"

#include <stdexcept>
#include <utility>
#include <vector>
#include <zstd.h>

namespace stackdeck::store {

namespace {

bool hasDictTable(sql::Database& db)
{
    auto& st = db.cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'payload_dicts'");
    const bool found = st.step();
    st.reset();
    return found;
}

void storeDict(sql::Database& db, std::string_view frame)
{
    const unsigned id = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
    auto& exists = db.cached("SELECT 1 FROM payload_dicts WHERE dict_id = ?1");
    exists.bind(1, static_cast<std::int64_t>(id));
    const bool stored = exists.step();
    exists.reset();
    if (stored)
        return;
    const auto dict = PayloadDict::known(id);
    if (!dict)
        throw std::runtime_error(
            "a payload names zstd dictionary " + std::to_string(id) + ", which this import did not make");
    auto& insert
        = db.cached("INSERT INTO payload_dicts(dict_id, created_at, sample_count, dict) VALUES(?1, ?2, ?3, ?4)");
    insert.bind(1, static_cast<std::int64_t>(id))
        .bind(2, nowMicros())
        .bind(3, static_cast<std::int64_t>(dict->sampleCount()))
        .bindBlobNoCopy(4, dict->bytes())
        .run();
}

} // namespace

std::shared_ptr<const PayloadDicts> loadPayloadDicts(sql::Database& db)
{
    if (!hasDictTable(db))
        return std::make_shared<PayloadDicts>();
    // The rows as listed: a connection that listed the same rows before gets
    // what it loaded then, without reading and checking each dictionary again
    // (a loop over many payloads decodes each of them; dictionaries are only
    // ever added, never changed).
    std::vector<std::pair<std::int64_t, std::int64_t>> listing; // (dict_id, length(dict))
    auto& list = db.cached("SELECT dict_id, length(dict) FROM payload_dicts ORDER BY created_at, dict_id");
    while (list.step() && listing.size() <= kMaxPayloadDicts)
        listing.emplace_back(list.int64(0), list.int64(1));
    list.reset();
    struct Memo {
        std::vector<std::pair<std::int64_t, std::int64_t>> listing;
        std::shared_ptr<const PayloadDicts> dicts;
    };
    auto& slot = db.memo("store.payloadDicts");
    if (const auto memo = std::static_pointer_cast<const Memo>(slot); memo && memo->listing == listing)
        return memo->dicts;

    auto dicts = std::make_shared<PayloadDicts>();
    auto& read = db.cached("SELECT dict FROM payload_dicts WHERE dict_id = ?1");
    std::size_t seen = 0;
    for (const auto& [stored, size] : listing) {
        if (stored <= 0 || stored > std::int64_t {0xffffffff})
            continue; // no frame can name it
        const auto id = static_cast<std::uint32_t>(stored);
        const std::string which = "zstd dictionary " + std::to_string(id) + ", which";
        if (++seen > kMaxPayloadDicts) {
            dicts->addDamaged(id,
                which + " is one more than the " + std::to_string(kMaxPayloadDicts)
                    + " a workspace may hold (damaged)");
            continue;
        }
        if (size < 0 || static_cast<std::uint64_t>(size) > kMaxPayloadDictBytes) {
            dicts->addDamaged(id, which + " is stored with an impossible size (" + std::to_string(size) + " bytes)");
            continue;
        }
        read.bind(1, stored);
        if (!read.step()) {
            read.reset();
            continue;
        }
        auto dict = PayloadDict::fromStored(id, read.blob(0));
        read.reset();
        if (dict)
            dicts->add(std::move(dict).value());
        else
            dicts->addDamaged(id, dict.error().message);
    }
    slot = std::make_shared<const Memo>(Memo {std::move(listing), dicts});
    return dicts;
}

std::shared_ptr<const PayloadDicts> payloadDictsFor(sql::Database& db, PayloadCodec codec)
{
    return codec == PayloadCodec::ZstdDict ? loadPayloadDicts(db) : nullptr;
}

const PayloadDicts* LazyPayloadDicts::get(PayloadCodec codec)
{
    if (codec != PayloadCodec::ZstdDict)
        return nullptr;
    if (!m_dicts)
        m_dicts = loadPayloadDicts(m_db);
    return m_dicts.get();
}

void storePayloadDictsOf(sql::Database& db, const PreparedEvent& event)
{
    if (event.codec == PayloadCodec::ZstdDict)
        storeDict(db, event.payload);
    if (event.spans.codec == PayloadCodec::ZstdDict)
        storeDict(db, event.spans.data);
}

} // namespace stackdeck::store

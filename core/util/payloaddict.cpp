#include "payloaddict.h"

#include "util/hashing.h"

#include <algorithm>
#include <mutex>
#include <vector>
#include <zdict.h>
#define ZSTD_STATIC_LINKING_ONLY // ZSTD_c_forceAttachDict: a parameter of the stable API's setter
#include <zstd.h>

namespace stackdeck {

namespace {

// Why level 1 and 64 KB: see PayloadCodec::ZstdDict in payloadcodec.h.
constexpr int kDictLevel = 1;

// Prepared dictionaries of this process by id, so a workspace opened again
// (every event pane reads its payload) does not prepare them again. Bounded:
// a process sees a handful of dictionaries, a crafted set of workspaces more.
// Those still in use (an import's) stay findable however many came after.
constexpr std::size_t kMaxKnown = 32;

struct Known {
    std::mutex mutex;
    std::vector<std::shared_ptr<const PayloadDict>> dicts; // kept, oldest first
    std::vector<std::weak_ptr<const PayloadDict>> live; // every one not yet freed
};

Known& registry()
{
    static Known k;
    return k;
}

void remember(const std::shared_ptr<const PayloadDict>& dict)
{
    Known& k = registry();
    std::lock_guard lock(k.mutex);
    for (const auto& d : k.dicts) {
        if (d->id() == dict->id())
            return; // the first one keeps the id (same bytes, or a refused collision)
    }
    if (k.dicts.size() >= kMaxKnown)
        k.dicts.erase(k.dicts.begin());
    k.dicts.push_back(dict);
    std::erase_if(k.live, [](const auto& w) { return w.expired(); });
    k.live.push_back(dict);
}

struct CctxDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxDeleter {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

constexpr std::size_t kHeaderIdOffset = 4;

std::uint32_t readLe32(std::string_view bytes, std::size_t at)
{
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
}

void writeLe32(std::string& bytes, std::size_t at, std::uint32_t v)
{
    for (std::size_t i = 0; i < 4; ++i)
        bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xffu);
}

} // namespace

std::uint32_t payloadDictId(std::string_view dictBytes)
{
    if (dictBytes.size() < kHeaderIdOffset + 4)
        return 0;
    const std::uint64_t h
        = fnv1a64(dictBytes.substr(kHeaderIdOffset + 4), fnv1a64(dictBytes.substr(0, kHeaderIdOffset)));
    constexpr std::uint64_t kFirst = 32768; // ids below are reserved by zstd, as are those from 2^31
    constexpr std::uint64_t kRange = (std::uint64_t {1} << 31) - kFirst;
    return static_cast<std::uint32_t>(h % kRange + kFirst);
}

PayloadDict::PayloadDict(std::uint32_t id, std::string bytes)
    : m_id(id)
    , m_bytes(std::move(bytes))
    , m_level(kDictLevel)
{
    m_cdict = ZSTD_createCDict(m_bytes.data(), m_bytes.size(), m_level);
    m_ddict = ZSTD_createDDict(m_bytes.data(), m_bytes.size());
}

PayloadDict::~PayloadDict()
{
    ZSTD_freeCDict(m_cdict);
    ZSTD_freeDDict(m_ddict);
}

std::shared_ptr<const PayloadDict> PayloadDict::known(std::uint32_t id)
{
    Known& k = registry();
    std::lock_guard lock(k.mutex);
    for (const auto& d : k.dicts) {
        if (d->id() == id)
            return d;
    }
    for (const auto& w : k.live) {
        auto d = w.lock();
        if (d && d->id() == id)
            return d;
    }
    return nullptr;
}

Result<std::shared_ptr<const PayloadDict>> PayloadDict::fromStored(std::uint32_t storedId, std::string_view bytes)
{
    const std::string which = "zstd dictionary " + std::to_string(storedId) + ", which";
    if (bytes.size() < 8 || bytes.size() > kMaxPayloadDictBytes)
        return Error {which + " has an impossible size (" + std::to_string(bytes.size()) + " bytes)"};
    if (readLe32(bytes, 0) != ZSTD_MAGIC_DICTIONARY)
        return Error {which + " is not a zstd dictionary (damaged)"};
    if (readLe32(bytes, kHeaderIdOffset) != storedId)
        return Error {which + " names itself " + std::to_string(readLe32(bytes, kHeaderIdOffset)) + " (damaged)"};
    if (payloadDictId(bytes) != storedId)
        return Error {which + " is damaged (its bytes do not give its id)"};
    if (auto same = known(storedId); same && same->bytes() == bytes)
        return same;
    std::shared_ptr<const PayloadDict> dict(new PayloadDict(storedId, std::string(bytes)));
    if (!dict->m_cdict || !dict->m_ddict)
        return Error {which + " is damaged (zstd refuses its tables)"};
    remember(dict);
    return dict;
}

std::shared_ptr<const PayloadDict> PayloadDict::train(const std::vector<std::string>& samples, std::size_t maxBytes)
{
    std::string flat;
    std::vector<std::size_t> sizes;
    sizes.reserve(samples.size());
    std::size_t total = 0;
    for (const std::string& s : samples)
        total += s.size();
    flat.reserve(total);
    for (const std::string& s : samples) {
        flat += s;
        sizes.push_back(s.size());
    }
    std::string dict(maxBytes, '\0');
    // The stable trainer (fast cover, d=8, 4 steps of k): about 0.15-0.4 s of
    // one worker for 2 MB of samples, once per workspace.
    const std::size_t n = ZDICT_trainFromBuffer(
        dict.data(), dict.size(), flat.data(), sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(n) || n < 8)
        return nullptr;
    dict.resize(n);
    const std::uint32_t id = payloadDictId(dict);
    writeLe32(dict, kHeaderIdOffset, id);
    std::shared_ptr<PayloadDict> made(new PayloadDict(id, std::move(dict)));
    made->m_sampleCount = samples.size();
    if (!made->m_cdict || !made->m_ddict)
        return nullptr;
    if (auto other = known(id); other && other->bytes() != made->bytes())
        return nullptr; // an id already naming other bytes is never reused
    remember(made);
    return made;
}

std::string PayloadDict::compress(std::string_view data) const
{
    // With a checksum (4 bytes a frame): a damaged payload is an error, not other JSON.
    thread_local std::unique_ptr<ZSTD_CCtx, CctxDeleter> ctx(ZSTD_createCCtx());
    // Attached, not copied: the dictionary's tables are referenced as they are
    // instead of copied into the context for each payload over 8 KB (zstd's
    // cutoff at level 1). 7% faster over 1,500 bench events for 1.5% more bytes.
    thread_local const bool checksummed = ctx
        && !ZSTD_isError(ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_forceAttachDict, ZSTD_dictForceAttach));
    if (!checksummed || !m_cdict)
        return {};
    if (ZSTD_isError(ZSTD_CCtx_refCDict(ctx.get(), m_cdict)))
        return {};
    // Into a buffer kept per thread, then copied out at its size: a string of
    // the bound was zero-filled for each payload (about 7x the frame) and kept
    // that capacity in every queued event.
    constexpr std::size_t kKeptScratch = std::size_t {1} << 20;
    thread_local std::vector<char> kept;
    std::vector<char> large;
    const std::size_t bound = ZSTD_compressBound(data.size());
    std::vector<char>& scratch = bound <= kKeptScratch ? kept : large;
    if (scratch.size() < bound)
        scratch.resize(bound);
    const std::size_t n = ZSTD_compress2(ctx.get(), scratch.data(), bound, data.data(), data.size());
    ZSTD_CCtx_refCDict(ctx.get(), nullptr); // the dictionary may go before the thread does
    if (ZSTD_isError(n))
        return {};
    return std::string(scratch.data(), n);
}

Result<std::string> PayloadDict::decompress(std::string_view frame, std::size_t rawSize) const
{
    thread_local std::unique_ptr<ZSTD_DCtx, DctxDeleter> ctx(ZSTD_createDCtx());
    if (!ctx)
        return Error {"out of memory for a zstd context"};
    std::string out;
    out.resize(rawSize);
    const std::size_t n
        = ZSTD_decompress_usingDDict(ctx.get(), out.data(), out.size(), frame.data(), frame.size(), m_ddict);
    if (ZSTD_isError(n))
        return Error {std::string("stored payload is damaged: ") + ZSTD_getErrorName(n)};
    if (n != rawSize)
        return Error {"stored payload has the wrong size"};
    return out;
}

void PayloadDicts::add(std::shared_ptr<const PayloadDict> dict)
{
    if (dict)
        m_dicts.push_back(std::move(dict));
}

void PayloadDicts::addDamaged(std::uint32_t id, std::string why)
{
    m_damaged.emplace_back(id, std::move(why));
}

Result<std::shared_ptr<const PayloadDict>> PayloadDicts::find(std::uint32_t id) const
{
    for (const auto& d : m_dicts) {
        if (d->id() == id)
            return d;
    }
    for (const auto& [damaged, why] : m_damaged) {
        if (damaged == id)
            return Error {"stored payload needs " + why};
    }
    return Error {"stored payload needs zstd dictionary " + std::to_string(id) + ", which the workspace does not hold"};
}

std::shared_ptr<const PayloadDict> PayloadDicts::newest() const
{
    return m_dicts.empty() ? nullptr : m_dicts.back();
}

} // namespace stackdeck

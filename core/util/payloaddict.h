#pragma once

#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace stackdeck {

// A zstd dictionary trained on a workspace's own payloads (issue #20), with
// its compression and decompression tables prepared once. Its id, written in
// every frame that uses it, is derived from its bytes (payloadDictId), so an
// id names one dictionary everywhere: in every workspace, case file and
// process. Immutable once made; shared between threads.
class PayloadDict {
public:
    ~PayloadDict();
    PayloadDict(const PayloadDict&) = delete;
    PayloadDict& operator=(const PayloadDict&) = delete;

    // Checks the bytes (a zstd dictionary whose header id is the id its
    // content gives, the one the workspace stored it under) and prepares it.
    // The bytes come from a workspace, which is untrusted: anything else is
    // an error, never a crash. A dictionary seen before in this process is
    // reused, not prepared again.
    static Result<std::shared_ptr<const PayloadDict>> fromStored(std::uint32_t storedId, std::string_view bytes);

    // Trains a dictionary of at most `maxBytes` on `samples` (payloads as
    // stored, one per entry) and gives it its content-derived id. Null when
    // the samples are too few or too alike to train on. Takes ~0.05 s per MB of samples.
    static std::shared_ptr<const PayloadDict> train(const std::vector<std::string>& samples, std::size_t maxBytes);

    // The dictionary with this id prepared in this process (trained or
    // loaded), or null: how the writer finds the bytes of the dictionary its
    // payloads name, to store it in the same transaction as them.
    static std::shared_ptr<const PayloadDict> known(std::uint32_t id);

    std::uint32_t id() const { return m_id; }
    const std::string& bytes() const { return m_bytes; }
    int level() const { return m_level; }
    // Payloads it was trained on; 0 when loaded from a workspace.
    std::size_t sampleCount() const { return m_sampleCount; }

    // Compresses with the dictionary at its level; empty on failure. Thread-safe.
    std::string compress(std::string_view data) const;
    // Decompresses a frame made with this dictionary into exactly `rawSize` bytes.
    Result<std::string> decompress(std::string_view frame, std::size_t rawSize) const;

private:
    PayloadDict(std::uint32_t id, std::string bytes);

    std::uint32_t m_id;
    std::string m_bytes;
    int m_level;
    std::size_t m_sampleCount = 0;
    ZSTD_CDict_s* m_cdict = nullptr;
    ZSTD_DDict_s* m_ddict = nullptr;
};

// The id a dictionary's bytes give: FNV-1a 64 over the bytes with the 4 id
// bytes of the header (offset 4) left out, folded into the range zstd leaves
// to users (32768 .. 2^31 - 1). Collisions (a 2^-31 chance for two different
// dictionaries) are refused when storing, never silently shared.
std::uint32_t payloadDictId(std::string_view dictBytes);

// The largest dictionary a workspace may hold: a stored one above it is damaged.
inline constexpr std::size_t kMaxPayloadDictBytes = std::size_t {1} << 20;
// The most a workspace is read for (one per training; imports train once):
// the rest of a crafted table is not prepared, its payloads do not decode.
inline constexpr std::size_t kMaxPayloadDicts = 64;

// The dictionaries of one workspace (payload_dicts), by id. Immutable after
// loading; a dictionary that failed its checks is remembered with why, so a
// payload naming it gets that error rather than "missing".
class PayloadDicts {
public:
    void add(std::shared_ptr<const PayloadDict> dict);
    void addDamaged(std::uint32_t id, std::string why);

    // The dictionary a frame names, or an error naming the id and what is wrong.
    Result<std::shared_ptr<const PayloadDict>> find(std::uint32_t id) const;
    // The newest (last added) sound dictionary, or null.
    std::shared_ptr<const PayloadDict> newest() const;
    bool empty() const { return m_dicts.empty() && m_damaged.empty(); }

private:
    std::vector<std::shared_ptr<const PayloadDict>> m_dicts;
    std::vector<std::pair<std::uint32_t, std::string>> m_damaged;
};

} // namespace stackdeck

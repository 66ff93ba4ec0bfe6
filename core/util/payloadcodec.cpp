#include "payloadcodec.h"

#include "payloaddict.h"

#include <lz4.h>
#include <memory>
#include <new>
#include <optional>
#include <zstd.h>

namespace stackdeck {
namespace {
struct CctxDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxDeleter {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
} // namespace

std::string zstdCompress(std::string_view data, int level)
{
    thread_local std::unique_ptr<ZSTD_CCtx, CctxDeleter> ctx(ZSTD_createCCtx());
    std::string out;
    out.resize(ZSTD_compressBound(data.size()));
    const std::size_t n = ZSTD_compressCCtx(ctx.get(), out.data(), out.size(), data.data(), data.size(), level);
    if (ZSTD_isError(n))
        return {};
    out.resize(n);
    return out;
}

Result<std::string> zstdDecompress(std::string_view data, std::size_t expectedSize)
{
    thread_local std::unique_ptr<ZSTD_DCtx, DctxDeleter> ctx(ZSTD_createDCtx());
    std::string out;
    out.resize(expectedSize);
    const std::size_t n = ZSTD_decompressDCtx(ctx.get(), out.data(), out.size(), data.data(), data.size());
    if (ZSTD_isError(n))
        return Error {std::string("stored payload is damaged: ") + ZSTD_getErrorName(n)};
    if (n != expectedSize)
        return Error {"stored payload has the wrong size"};
    return out;
}

std::string lz4Compress(std::string_view data)
{
    if (data.size() > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE))
        return {};
    // One stream state per thread, reset cheaply: LZ4_compress_default clears
    // its 16 KB state on the stack for every call, a sixth of the cost for a 10 KB event.
    thread_local LZ4_stream_t stream;
    thread_local const bool initialized = LZ4_initStream(&stream, sizeof(stream)) != nullptr;
    if (!initialized)
        return {};
    LZ4_resetStream_fast(&stream); // a new chain: the block is independent, LZ4_decompress_safe reads it
    std::string out;
    out.resize(static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(data.size()))));
    const int n = LZ4_compress_fast_continue(
        &stream, data.data(), out.data(), static_cast<int>(data.size()), static_cast<int>(out.size()), 1);
    if (n <= 0)
        return {};
    out.resize(static_cast<std::size_t>(n));
    return out;
}

Result<std::string> lz4Decompress(std::string_view data, std::size_t expectedSize)
{
    if (expectedSize > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE)
        || data.size() > static_cast<std::size_t>(INT32_MAX))
        return Error {"stored payload is too large"};
    std::string out;
    out.resize(expectedSize);
    const int n
        = LZ4_decompress_safe(data.data(), out.data(), static_cast<int>(data.size()), static_cast<int>(out.size()));
    if (n < 0 || static_cast<std::size_t>(n) != expectedSize)
        return Error {"stored payload is damaged (LZ4)"};
    return out;
}

namespace {

// LZ4 writes at least one byte per 255 bytes of a match, plus a few of framing:
// what a block can expand to (lz4_Block_format.md).
constexpr std::size_t kLz4MaxRatio = 255;
constexpr std::size_t kLz4Slack = 16;

std::optional<Error> checkStoredSize(PayloadCodec codec, std::string_view data, std::size_t rawSize)
{
    if (rawSize > kMaxStoredPayloadBytes)
        return Error {"stored payload claims " + std::to_string(rawSize) + " bytes, more than the "
            + std::to_string(kMaxStoredPayloadBytes >> 20) + " MiB a record can have: the workspace is damaged"};
    if (codec == PayloadCodec::Lz4 && rawSize > data.size() * kLz4MaxRatio + kLz4Slack)
        return Error {"stored payload claims " + std::to_string(rawSize) + " bytes from " + std::to_string(data.size())
            + " compressed: the workspace is damaged"};
    if (codec == PayloadCodec::Zstd || codec == PayloadCodec::ZstdDict) {
        const unsigned long long declared = ZSTD_getFrameContentSize(data.data(), data.size());
        if (declared == ZSTD_CONTENTSIZE_ERROR)
            return Error {"stored payload is damaged: not a zstd frame"};
        if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != rawSize)
            return Error {"stored payload has the wrong size"};
        // Frames made with a dictionary always state their size.
        if (codec == PayloadCodec::ZstdDict && declared == ZSTD_CONTENTSIZE_UNKNOWN)
            return Error {"stored payload is damaged: its frame does not state its size"};
    }
    return std::nullopt;
}

} // namespace

namespace {

Result<std::string> decodeWithDict(std::string_view data, std::size_t rawSize, const PayloadDicts* dicts)
{
    const unsigned id = ZSTD_getDictID_fromFrame(data.data(), data.size());
    if (id == 0)
        return Error {"stored payload is damaged: its zstd frame names no dictionary"};
    if (!dicts)
        return Error {"stored payload needs zstd dictionary " + std::to_string(id) + ", which was not loaded"};
    auto dict = dicts->find(id);
    if (!dict)
        return dict.error();
    return (*dict)->decompress(data, rawSize);
}

} // namespace

Result<std::string> decodePayload(
    PayloadCodec codec, std::string_view data, std::size_t rawSize, const PayloadDicts* dicts)
{
    try {
        switch (codec) {
        case PayloadCodec::Plain:
            if (data.size() > kMaxStoredPayloadBytes)
                return Error {"stored payload is larger than a record can be: the workspace is damaged"};
            return std::string(data);
        case PayloadCodec::Zstd:
            if (auto error = checkStoredSize(codec, data, rawSize))
                return *error;
            return zstdDecompress(data, rawSize);
        case PayloadCodec::Lz4:
            if (auto error = checkStoredSize(codec, data, rawSize))
                return *error;
            return lz4Decompress(data, rawSize);
        case PayloadCodec::ZstdDict:
            if (auto error = checkStoredSize(codec, data, rawSize))
                return *error;
            return decodeWithDict(data, rawSize, dicts);
        }
    } catch (const std::bad_alloc&) {
        return Error {"out of memory decoding a stored payload of " + std::to_string(rawSize) + " bytes"};
    }
    return Error {"stored payload has an unknown codec"};
}

} // namespace stackdeck

#include "zstdcodec.h"

#include <memory>
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

Result<std::string> decodePayload(PayloadCodec codec, std::string_view data, std::size_t rawSize)
{
    if (codec == PayloadCodec::Plain)
        return std::string(data);
    return zstdDecompress(data, rawSize);
}

} // namespace stackdeck

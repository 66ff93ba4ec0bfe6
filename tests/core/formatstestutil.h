#pragma once

// Helpers shared by the formats tests: compression of generated inputs and
// memory measurement. Header-only so each test stays one executable.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <zlib.h>
#include <zstd.h>

namespace stackdeck::test {

// gzip (windowBits 31) or zlib (15) of `data` at `level`.
inline std::string deflateBytes(std::string_view data, bool gzip, int level = 6)
{
    z_stream z {};
    deflateInit2(&z, level, Z_DEFLATED, gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY);
    std::string out;
    out.resize(deflateBound(&z, static_cast<uLong>(data.size())) + 64);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

inline std::string gzipBytes(std::string_view data, int level = 6)
{
    return deflateBytes(data, true, level);
}
inline std::string zlibBytes(std::string_view data)
{
    return deflateBytes(data, false);
}

inline std::string zstdBytes(std::string_view data, int level = 3)
{
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

// Writes `members` copies of one gzip member holding `copiesPerMember` times
// `block`: a multi-member .gz that decodes to far more than a test should
// allocate, produced in milliseconds.
inline bool writeGzipRepeated(
    const QString& path, std::string_view block, std::size_t copiesPerMember, std::size_t members)
{
    std::string plain;
    plain.reserve(block.size() * copiesPerMember);
    for (std::size_t i = 0; i < copiesPerMember; ++i)
        plain.append(block);
    const std::string member = gzipBytes(plain, 9);
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
    if (!f)
        return false;
    bool ok = true;
    for (std::size_t i = 0; i < members && ok; ++i)
        ok = std::fwrite(member.data(), 1, member.size(), f) == member.size();
    return std::fclose(f) == 0 && ok;
}

inline bool writeFile(const QString& path, std::string_view bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(bytes.data(), static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size());
}

// Kilobytes from /proc/self/status (VmRSS, VmHWM); -1 when unavailable.
inline long procStatusKb(const char* field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(in, line)) {
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
            return std::stol(line.substr(n + 1));
    }
    return -1;
}

// Resets the peak RSS so a later VmHWM reading measures only what follows.
inline bool resetPeakRss()
{
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f)
        return false;
    const bool ok = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && ok;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMeasuresMemory = false; // ASan's shadow memory and quarantine distort RSS
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kMeasuresMemory = false;
#else
constexpr bool kMeasuresMemory = true;
#endif
#else
constexpr bool kMeasuresMemory = true;
#endif

inline std::string_view view(const QByteArray& bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

} // namespace stackdeck::test

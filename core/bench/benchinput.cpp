#include "benchinput.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace stackdeck::bench {

namespace {

std::string fileName(const std::string& dir, const std::string& stem, std::size_t index, std::size_t count)
{
    if (count == 1)
        return (std::filesystem::path(dir) / (stem + ".ndjson")).string();
    const int width = std::max<int>(3, static_cast<int>(std::to_string(count).size()));
    std::string number = std::to_string(index + 1);
    number.insert(0, static_cast<std::size_t>(width) - std::min<std::size_t>(number.size(), width), '0');
    return (std::filesystem::path(dir) / (stem + "-" + number + ".ndjson")).string();
}

void setSizeStats(BenchInput& input, std::vector<std::int64_t>& sizes)
{
    if (sizes.empty())
        return;
    std::sort(sizes.begin(), sizes.end());
    input.medianEventBytes = sizes[sizes.size() / 2];
    input.p99EventBytes = sizes[sizes.size() * 99 / 100];
}

} // namespace

// Writes records into the files of one BenchInput, starting a new file every `perFile` records.
class SliceStream::Writer {
public:
    Writer(BenchInput& input, const std::string& dir, const std::string& stem, std::int64_t total, std::int64_t perFile)
        : m_input(input)
        , m_dir(dir)
        , m_stem(stem)
        , m_perFile(std::max<std::int64_t>(1, perFile))
        , m_count(static_cast<std::size_t>((total + m_perFile - 1) / m_perFile))
    {
    }
    ~Writer() { close(); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    bool write(const std::string& record)
    {
        if (!m_out || m_input.events.back() == m_perFile) {
            close();
            m_input.files.push_back(fileName(m_dir, m_stem, m_input.files.size(), m_count));
            m_input.events.push_back(0);
            m_input.bytes.push_back(0);
            m_out = std::fopen(m_input.files.back().c_str(), "wb");
            if (!m_out) {
                m_input.error = "cannot write " + m_input.files.back();
                return false;
            }
        }
        if (std::fwrite(record.data(), 1, record.size(), m_out) != record.size() || std::fputc('\n', m_out) == EOF) {
            m_input.error = "cannot write " + m_input.files.back() + " (disk full?)";
            return false;
        }
        ++m_input.events.back();
        m_input.bytes.back() += static_cast<std::int64_t>(record.size()) + 1;
        return true;
    }

    bool close()
    {
        if (m_out && std::fclose(m_out) != 0 && m_input.error.empty())
            m_input.error = "cannot write " + m_input.files.back();
        m_out = nullptr;
        return m_input.error.empty();
    }

private:
    BenchInput& m_input;
    std::string m_dir;
    std::string m_stem;
    std::int64_t m_perFile;
    std::size_t m_count;
    std::FILE* m_out = nullptr;
};

SliceStream::SliceStream(NextRecord next, std::string source, std::int64_t total, const std::string& dir,
    const std::string& stem, std::int64_t perFile)
    : m_next(std::move(next))
    , m_source(std::move(source))
    , m_total(total)
    , m_perFile(std::max<std::int64_t>(1, perFile))
    , m_writer(std::make_unique<Writer>(m_input, dir, stem, total, perFile))
{
}

SliceStream::~SliceStream() = default;

bool SliceStream::writeNext()
{
    if (!m_input.error.empty() || m_written >= m_total)
        return false;
    const std::int64_t end = std::min(m_total, m_written + m_perFile);
    std::string record;
    while (m_written < end) {
        if (!m_next(record)) {
            m_input.error = m_source + " holds " + std::to_string(m_written) + " records, fewer than the "
                + std::to_string(m_total) + " asked for";
            m_writer->close();
            return false;
        }
        if (!m_writer->write(record))
            return false;
        m_sizes.push_back(static_cast<std::int64_t>(record.size()));
        ++m_written;
    }
    if (!m_writer->close())
        return false;
    std::vector<std::int64_t> sorted = m_sizes;
    setSizeStats(m_input, sorted);
    return true;
}

std::unique_ptr<SliceStream> syntheticSlices(
    const SyntheticOptions& options, const std::string& dir, const std::string& stem, std::int64_t perFile)
{
    auto corpus = std::make_shared<SyntheticCorpus>(options);
    return std::make_unique<SliceStream>([corpus](std::string& record) { return corpus->next(record); },
        "the synthetic corpus", options.events, dir, stem, perFile);
}

std::unique_ptr<SliceStream> ndjsonSlices(
    const std::string& path, std::int64_t events, const std::string& dir, const std::string& stem, std::int64_t perFile)
{
    auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
    auto next = [in](std::string& record) {
        while (std::getline(*in, record)) {
            if (!record.empty() && record.back() == '\r')
                record.pop_back();
            if (record.find_first_not_of(" \t") != std::string::npos)
                return true; // blank lines are no records
        }
        return false;
    };
    auto stream = std::make_unique<SliceStream>(std::move(next), path, events, dir, stem, perFile);
    if (!*in)
        stream->m_input.error = path + ": cannot read";
    return stream;
}

namespace {
BenchInput writeAll(SliceStream& stream)
{
    while (stream.writeNext()) { }
    return stream.input();
}
} // namespace

std::int64_t BenchInput::totalEvents() const
{
    return std::accumulate(events.begin(), events.end(), std::int64_t(0));
}

std::int64_t BenchInput::totalBytes() const
{
    return std::accumulate(bytes.begin(), bytes.end(), std::int64_t(0));
}

BenchInput writeSyntheticInput(
    const SyntheticOptions& options, const std::string& dir, const std::string& stem, std::int64_t perFile)
{
    return writeAll(*syntheticSlices(options, dir, stem, perFile));
}

BenchInput sliceNdjsonFile(
    const std::string& path, std::int64_t events, const std::string& dir, const std::string& stem, std::int64_t perFile)
{
    return writeAll(*ndjsonSlices(path, events, dir, stem, perFile));
}

} // namespace stackdeck::bench

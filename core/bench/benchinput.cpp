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

// Writes records into the files of one BenchInput, starting a new file every `perFile` records.
class SliceWriter {
public:
    SliceWriter(
        BenchInput& input, const std::string& dir, const std::string& stem, std::int64_t total, std::int64_t perFile)
        : m_input(input)
        , m_dir(dir)
        , m_stem(stem)
        , m_perFile(std::max<std::int64_t>(1, perFile))
        , m_count(static_cast<std::size_t>((total + m_perFile - 1) / m_perFile))
    {
    }
    ~SliceWriter() { close(); }
    SliceWriter(const SliceWriter&) = delete;
    SliceWriter& operator=(const SliceWriter&) = delete;

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

void setSizeStats(BenchInput& input, std::vector<std::int64_t>& sizes)
{
    if (sizes.empty())
        return;
    std::sort(sizes.begin(), sizes.end());
    input.medianEventBytes = sizes[sizes.size() / 2];
    input.p99EventBytes = sizes[sizes.size() * 99 / 100];
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
    BenchInput input;
    SliceWriter writer(input, dir, stem, options.events, perFile);
    SyntheticCorpus corpus(options);
    std::vector<std::int64_t> sizes;
    sizes.reserve(static_cast<std::size_t>(options.events));
    std::string line;
    while (corpus.next(line)) {
        if (!writer.write(line))
            return input;
        sizes.push_back(static_cast<std::int64_t>(line.size()));
    }
    writer.close();
    setSizeStats(input, sizes);
    return input;
}

BenchInput sliceNdjsonFile(
    const std::string& path, std::int64_t events, const std::string& dir, const std::string& stem, std::int64_t perFile)
{
    BenchInput input;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        input.error = path + ": cannot read";
        return input;
    }
    SliceWriter writer(input, dir, stem, events, perFile);
    std::vector<std::int64_t> sizes;
    std::string line;
    std::int64_t copied = 0;
    while (copied < events && std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue; // blank lines are no records
        if (!writer.write(line))
            return input;
        sizes.push_back(static_cast<std::int64_t>(line.size()));
        ++copied;
    }
    writer.close();
    if (copied < events && input.error.empty())
        input.error = path + " holds " + std::to_string(copied) + " records, fewer than the " + std::to_string(events)
            + " asked for";
    setSizeStats(input, sizes);
    return input;
}

} // namespace stackdeck::bench

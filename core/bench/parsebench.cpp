#include "parsebench.h"

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "util/boundedqueue.h"

#include <atomic>
#include <chrono>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace stackdeck::bench {

ParseBenchResult runParseBench(const std::string& path, int workers)
{
    ParseBenchResult result;
    const auto started = std::chrono::steady_clock::now();
    auto source = RecordSource::open(path, ReaderOptions {});
    if (!source) {
        result.error = source.error().message;
        return result;
    }
    BoundedQueue<std::vector<RawRecord>> queue(static_cast<std::size_t>(workers) * 2 + 2);
    std::atomic<std::int64_t> events {0};
    std::atomic<std::int64_t> rejected {0};
    std::vector<std::thread> pool;
    for (int w = 0; w < std::max(1, workers); ++w) {
        pool.emplace_back([&] {
            while (auto chunk = queue.pop()) {
                for (RawRecord& raw : *chunk) {
                    auto decoded = decodeRecord(std::move(raw), DecodeDetail::Index); // as the import decodes
                    if (!decoded)
                        ++rejected;
                    else
                        events += static_cast<std::int64_t>(decoded->events.size());
                }
            }
        });
    }
    std::vector<RawRecord> chunk;
    RawRecord raw;
    while ((*source)->next(raw)) {
        ++result.records;
        chunk.push_back(std::move(raw));
        raw = RawRecord {};
        if (chunk.size() == 256) {
            queue.push(std::move(chunk));
            chunk.clear();
        }
    }
    if (!chunk.empty())
        queue.push(std::move(chunk));
    queue.close();
    for (auto& t : pool)
        t.join();
    result.events = events;
    result.rejected = rejected + static_cast<std::int64_t>((*source)->rejections().size());
    result.bytes = (*source)->bytesConsumed();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

std::int64_t peakRssBytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

} // namespace stackdeck::bench

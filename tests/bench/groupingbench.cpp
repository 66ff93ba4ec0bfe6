// Throughput of computeGrouping, a program that prints figures (not a test).
//
// Build by hand against the core library of a normal build dir, e.g.:
//   g++ -std=c++20 -O2 -fPIC -DQT_NO_CAST_FROM_ASCII -Icore \
//       -I/usr/include/x86_64-linux-gnu/qt6 -I/usr/include/x86_64-linux-gnu/qt6/QtCore \
//       tests/bench/groupingbench.cpp build/grouping/core/libstackdeck_core.a \
//       -lQt6Core -lsimdjson -o build/grouping/groupingbench
//   build/grouping/groupingbench /work/shared/corpus
//
// It groups (1) a 40-frame Python error and a 40-frame JavaScript error built
// from the SDK corpus, (2) every SDK corpus error/message event, with and
// without component details, and (3) the same on 2 threads.

#include "formats/eventdecoder.h"
#include "grouping/grouping.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

using namespace stackdeck;
using Clock = std::chrono::steady_clock;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The event items of an envelope (header line, item header, payload).
std::vector<std::string> eventPayloads(const QByteArray& bytes)
{
    std::vector<std::string> out;
    const std::string_view data(bytes.constData(), std::size_t(bytes.size()));
    std::size_t pos = data.find('\n');
    while (pos != std::string_view::npos && pos + 1 < data.size()) {
        ++pos;
        const std::size_t end = data.find('\n', pos);
        if (end == std::string_view::npos)
            break;
        const auto header = nlohmann::json::parse(data.substr(pos, end - pos), nullptr, false);
        pos = end + 1;
        std::size_t len
            = data.find('\n', pos) == std::string_view::npos ? data.size() - pos : data.find('\n', pos) - pos;
        if (header.is_object() && header.contains("length"))
            len = header["length"].get<std::size_t>();
        if (header.is_object() && header.value("type", "") == "event")
            out.emplace_back(data.substr(pos, len));
        pos += len;
    }
    return out;
}

// Repeats the frames of the first exception until there are `count`.
Event widen(Event e, std::size_t count)
{
    auto& frames = e.exceptions.back().stacktrace->frames;
    const auto original = frames;
    std::size_t i = 0;
    while (frames.size() < count) {
        Frame f = original[i++ % original.size()];
        f.function += std::to_string(frames.size()); // no recursion collapse
        f.lineno = std::int64_t(frames.size());
        frames.insert(frames.begin(), f);
    }
    return e;
}

// CPU time of the calling thread: the machine may be shared, so wall time
// would measure the other processes too.
double threadCpuMicros()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

template <typename F> double microsPerCall(int iterations, F&& f)
{
    // best of 5 rounds
    double best = 1e300;
    for (int round = 0; round < 5; ++round) {
        const double start = threadCpuMicros();
        for (int i = 0; i < iterations / 5; ++i)
            f(i);
        best = std::min(best, (threadCpuMicros() - start) / (iterations / 5));
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    const QString corpus = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/work/shared/corpus");
    const auto manifest = nlohmann::json::parse(readAll(corpus + QStringLiteral("/sdk/manifest.json")).toStdString());
    std::vector<Event> events;
    for (const auto& f : manifest["files"]) {
        bool grouped = false;
        for (const auto& it : f["items"])
            grouped = grouped || (it.value("type", "") == "event" && it["group"].is_string());
        if (!grouped)
            continue;
        const QString file = QString::fromStdString(f["file"].get<std::string>());
        const QByteArray bytes = readAll(corpus + QStringLiteral("/sdk/") + file);
        std::vector<std::string> payloads;
        if (file.endsWith(QStringLiteral(".envelope")))
            payloads = eventPayloads(bytes);
        else
            payloads.emplace_back(bytes.constData(), std::size_t(bytes.size()));
        for (const auto& p : payloads) {
            auto e = decodeEventJson(p);
            if (e.ok())
                events.push_back(std::move(*e));
        }
    }
    const Event* python = nullptr;
    const Event* node = nullptr;
    for (const auto& e : events) {
        if (!e.exceptions.empty() && e.exceptions.back().stacktrace
            && !e.exceptions.back().stacktrace->frames.empty()) {
            if (!python && e.platform == "python")
                python = &e;
            if (!node && e.platform == "node")
                node = &e;
        }
    }
    if (!python || !node) {
        std::fprintf(stderr, "corpus events not found under %s\n", qPrintable(corpus));
        return 1;
    }
    const Event py40 = widen(*python, 40);
    const Event js40 = widen(*node, 40);

    grouping::GroupingConfig full;
    grouping::GroupingConfig fast;
    fast.withDetails = false;
    std::size_t sink = 0;
    for (int warm = 0; warm < 200; ++warm)
        sink += grouping::computeGrouping(py40, full).hashes.size();

    const int n = 20000;
    std::printf("40-frame Python error: %.2f us CPU/event (details), %.2f us CPU/event (hashes only)\n",
        microsPerCall(n, [&](int) { sink += grouping::computeGrouping(py40, full).hashes.size(); }),
        microsPerCall(n, [&](int) { sink += grouping::computeGrouping(py40, fast).hashes.size(); }));
    std::printf("40-frame Node error:   %.2f us CPU/event (details), %.2f us CPU/event (hashes only)\n",
        microsPerCall(n, [&](int) { sink += grouping::computeGrouping(js40, full).hashes.size(); }),
        microsPerCall(n, [&](int) { sink += grouping::computeGrouping(js40, fast).hashes.size(); }));

    const int rounds = 200;
    const double perEvent = microsPerCall(rounds * int(events.size()),
        [&](int i) { sink += grouping::computeGrouping(events[std::size_t(i) % events.size()], fast).hashes.size(); });
    std::printf("SDK corpus (%zu events): %.2f us CPU/event, %.0f events/s on 1 thread (hashes only)\n", events.size(),
        perEvent, 1e6 / perEvent);

    // Two threads grouping concurrently (the import workers): per-thread CPU
    // time, so contention with other processes on a shared machine does not count.
    std::atomic<std::size_t> done {0};
    std::array<double, 2> cpu {};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            const double c0 = threadCpuMicros();
            std::size_t local = 0;
            for (int r = 0; r < rounds; ++r) {
                for (const auto& e : events)
                    local += grouping::computeGrouping(e, fast).hashes.size();
            }
            cpu[std::size_t(t)] = threadCpuMicros() - c0;
            done += local;
        });
    }
    for (auto& t : threads)
        t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double perThreadCpu = (cpu[0] + cpu[1]) / 2 / (rounds * double(events.size()));
    std::printf("SDK corpus on 2 threads: %.2f us CPU/event per thread -> %.0f events/s on 2 cores "
                "(wall clock on this machine: %.0f events/s)\n",
        perThreadCpu, 2e6 / perThreadCpu, 2.0 * rounds * double(events.size()) / seconds);
    return sink + done > 0 ? 0 : 2;
}

#pragma once

#include "inflightbudget.h"
#include "util/boundedqueue.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace stackdeck::pipeline {

// The stages of an ordered pipeline: one producer, N workers, one in-order consumer.
template <typename Work, typename Done> struct Stages {
    using Emit = std::function<bool(Work&& work, std::size_t bytes)>;
    // On the reader thread: hands each part on with its size, in order. emit()
    // waits while the in-flight budget is spent, and returns false once the
    // pipeline stops (then produce should return).
    std::function<void(const Emit& emit)> produce;
    // On a worker thread: turns a part into its result.
    std::function<void(Work& work, Done& done)> process;
    // On a worker thread, when process threw (a record the code did not expect,
    // an allocation that failed): the part's result says so. Never rethrows.
    std::function<void(Work& work, Done& done, const std::string& error)> failed;
    // On the calling thread, in the order the parts were emitted.
    std::function<void(Done& done)> consume;
    // On the calling thread: when to give up waiting for the next part and call
    // idle() (nullopt: wait as long as it takes).
    std::function<std::optional<std::chrono::steady_clock::time_point>()> deadline;
    std::function<void()> idle;
    // Per-thread hooks (priority, CPU accounting).
    std::function<void()> workerStarted;
    std::function<void()> workerFinished;
    std::function<void()> readerFinished;
};

struct Options {
    int workers = 0; // 0: one per core
    std::size_t maxInFlightBytes = 128u << 20; // between emit() and the end of consume()
    std::size_t maxInFlightParts = 64;
    // Of those, the most waiting for a worker, per worker (0: no bound of its
    // own). Parts wait there as read, usually larger than their results: this
    // bound lets a large budget hold results for a busy consumer rather than
    // input the workers have not reached.
    std::size_t queuedPartsPerWorker = 0;
};

struct Outcome {
    std::string readerError; // produce threw: the parts before it were consumed
    std::string consumerError; // consume threw: the pipeline stopped there
    bool cancelled = false;
};

// Reads on one thread, works on N, consumes on the calling thread in emit
// order, with everything in flight bounded by bytes and by parts. No thread
// body lets an exception out: a throwing part is reported through failed(),
// a throwing producer or consumer ends the run with its message, and every
// thread is joined before run() returns. Import, reindex and the stored-event
// scan are this pipeline with different stages.
template <typename Work, typename Done> class OrderedPipeline {
public:
    OrderedPipeline(Options options, Stages<Work, Done> stages)
        : m_options(options)
        , m_stages(std::move(stages))
        , m_budget(options.maxInFlightBytes, std::max<std::size_t>(1, options.maxInFlightParts))
        , m_work(queueCapacity(options))
        , m_done(std::max<std::size_t>(1, options.maxInFlightParts) + 1)
    {
    }

    // From consume() (or any thread): emit no more parts; what is in flight is dropped unconsumed.
    void stop()
    {
        m_stop = true;
        m_budget.close();
        m_work.close();
    }
    bool stopping() const { return m_stop.load(std::memory_order_relaxed); }

    Outcome run(const std::atomic<bool>* cancel = nullptr)
    {
        Outcome outcome;
        auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
        const int workers = workerCount(m_options);

        std::thread reader([&] { readerBody(outcome, cancelled); });
        std::atomic<int> running {workers};
        std::vector<std::thread> pool;
        pool.reserve(static_cast<std::size_t>(workers));
        for (int w = 0; w < workers; ++w)
            pool.emplace_back([&] { workerBody(running); });

        std::map<std::int64_t, Part<Done>> pending;
        std::int64_t next = 0;
        for (;;) {
            std::optional<Part<Done>> part;
            const auto deadline = m_stages.deadline && !m_stop ? m_stages.deadline() : std::nullopt;
            if (deadline) {
                bool timedOut = false;
                part = m_done.popUntil(*deadline, &timedOut);
                if (timedOut) {
                    callConsumer(outcome, [&] { m_stages.idle(); });
                    if (cancelled() && !m_stop) {
                        outcome.cancelled = true;
                        stop();
                    }
                    continue;
                }
            } else {
                part = m_done.pop();
            }
            if (!part)
                break;
            const std::int64_t sequence = part->sequence;
            pending.emplace(sequence, std::move(*part));
            while (!pending.empty() && pending.begin()->first == next) {
                Part<Done> ready = std::move(pending.begin()->second);
                pending.erase(pending.begin());
                ++next;
                if (!m_stop && cancelled()) {
                    outcome.cancelled = true;
                    stop();
                }
                if (!m_stop)
                    callConsumer(outcome, [&] { m_stages.consume(ready.value); });
                const std::size_t bytes = ready.bytes;
                ready = {}; // free the part before its bytes count as free
                m_budget.release(bytes);
            }
            if (cancelled() && !m_stop) {
                outcome.cancelled = true;
                stop();
            }
        }
        reader.join();
        for (auto& t : pool)
            t.join();
        outcome.cancelled = outcome.cancelled || (cancelled() && outcome.consumerError.empty());
        return outcome;
    }

private:
    static int workerCount(const Options& o)
    {
        return o.workers > 0 ? o.workers : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }

    static std::size_t queueCapacity(const Options& o)
    {
        const std::size_t parts = std::max<std::size_t>(1, o.maxInFlightParts);
        const std::size_t queued = o.queuedPartsPerWorker * static_cast<std::size_t>(workerCount(o));
        return (queued > 0 ? std::min(queued, parts) : parts) + 1;
    }

    template <typename T> struct Part {
        std::int64_t sequence = 0;
        std::size_t bytes = 0;
        T value {};
    };

    template <typename Fn> void callConsumer(Outcome& outcome, Fn&& fn)
    {
        try {
            fn();
        } catch (const std::exception& e) {
            outcome.consumerError = e.what();
            stop();
        } catch (...) {
            outcome.consumerError = "unknown error";
            stop();
        }
    }

    template <typename Cancelled> void readerBody(Outcome& outcome, const Cancelled& cancelled)
    {
        std::int64_t sequence = 0;
        const typename Stages<Work, Done>::Emit emit = [&](Work&& work, std::size_t bytes) {
            if (m_stop || cancelled())
                return false;
            if (!m_budget.acquire(bytes))
                return false;
            if (!m_work.push(Part<Work> {sequence++, bytes, std::move(work)})) {
                m_budget.release(bytes);
                return false;
            }
            return true;
        };
        try {
            m_stages.produce(emit);
        } catch (const std::exception& e) {
            outcome.readerError = e.what();
        } catch (...) {
            outcome.readerError = "unknown error";
        }
        m_work.close();
        if (m_stages.readerFinished)
            m_stages.readerFinished();
    }

    void workerBody(std::atomic<int>& running)
    {
        if (m_stages.workerStarted)
            m_stages.workerStarted();
        while (auto part = m_work.pop()) {
            Part<Done> out;
            out.sequence = part->sequence;
            out.bytes = part->bytes;
            if (!m_stop) {
                try {
                    m_stages.process(part->value, out.value);
                } catch (const std::exception& e) {
                    fail(*part, out, e.what());
                } catch (...) {
                    fail(*part, out, "unknown error");
                }
            }
            part.reset();
            if (!m_done.push(std::move(out)))
                break;
        }
        if (m_stages.workerFinished)
            m_stages.workerFinished();
        if (--running == 0)
            m_done.close();
    }

    void fail(Part<Work>& part, Part<Done>& out, const std::string& error)
    {
        out.value = Done {};
        try {
            if (m_stages.failed)
                m_stages.failed(part.value, out.value, error);
        } catch (...) { // reporting the failure failed too (out of memory): the part is dropped
            out.value = Done {};
        }
    }

    Options m_options;
    Stages<Work, Done> m_stages;
    std::atomic<bool> m_stop {false};
    InFlightBudget m_budget;
    BoundedQueue<Part<Work>> m_work;
    BoundedQueue<Part<Done>> m_done;
};

} // namespace stackdeck::pipeline

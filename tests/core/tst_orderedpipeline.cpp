// The ordered pipeline behind import, reindex and the stored-event scan:
// results come back in emit order whatever the workers do, what is in flight
// stays within its byte and part budget (one oversized part still passes)
// and only a few parts wait unread when the budget is large,
// and no stage's exception escapes a thread: a throwing part is reported
// through failed(), a throwing producer or consumer ends the run with its
// message, and cancel stops it.

#include "pipeline/orderedpipeline.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <stdexcept>

using namespace stackdeck;
using namespace stackdeck::pipeline;

namespace {

struct Work {
    int value = 0;
    std::size_t bytes = 0;
};

struct Done {
    int value = 0;
    std::string error;
};

// Work that takes a different time per part, so results come back out of order.
int slowSquare(int v)
{
    volatile std::uint64_t spin = 0;
    for (int i = 0; i < (v % 7) * 20000; ++i)
        spin = spin + static_cast<std::uint64_t>(i);
    return v * v;
}

} // namespace

class TestOrderedPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultsComeInEmitOrder_data();
    void resultsComeInEmitOrder();
    void inFlightStaysWithinBudget();
    void onlyAFewPartsWaitForAWorker_data();
    void onlyAFewPartsWaitForAWorker();
    void oversizedPartStillPasses();
    void throwingPartIsReportedAndTheRestGoesOn();
    void throwingProducerKeepsWhatCameBefore();
    void throwingConsumerStopsTheRun();
    void cancelStopsTheRun();
    void idleIsCalledWhenTheDeadlinePasses();
};

void TestOrderedPipeline::resultsComeInEmitOrder_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("parts");
    QTest::newRow("one worker") << 1 << 500;
    QTest::newRow("two workers") << 2 << 2000;
    QTest::newRow("more workers than cores") << 8 << 2000;
    QTest::newRow("nothing to do") << 2 << 0;
}

void TestOrderedPipeline::resultsComeInEmitOrder()
{
    QFETCH(int, workers);
    QFETCH(int, parts);
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < parts; ++i) {
            if (!emit(Work {i, 100}, 100))
                return;
        }
    };
    stages.process = [](Work& w, Done& d) { d.value = slowSquare(w.value); };
    std::vector<int> seen;
    stages.consume = [&](Done& d) { seen.push_back(d.value); };
    OrderedPipeline<Work, Done> pipe(Options {workers, 1000, 4}, std::move(stages));
    const Outcome outcome = pipe.run();
    QVERIFY(outcome.readerError.empty());
    QVERIFY(outcome.consumerError.empty());
    QVERIFY(!outcome.cancelled);
    QCOMPARE(seen.size(), std::size_t(parts));
    for (int i = 0; i < parts; ++i)
        QCOMPARE(seen[std::size_t(i)], i * i);
}

void TestOrderedPipeline::inFlightStaysWithinBudget()
{
    std::atomic<std::size_t> inFlight {0};
    std::atomic<std::size_t> peak {0};
    std::atomic<std::size_t> peakParts {0};
    std::atomic<std::size_t> parts {0};
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < 3000; ++i) {
            const std::size_t bytes = 10 + static_cast<std::size_t>(i % 50);
            // Counted before emit returns: emit only returns once the budget had room.
            if (!emit(Work {i, bytes}, bytes))
                return;
            const std::size_t now = inFlight += bytes;
            const std::size_t p = ++parts;
            for (std::size_t seen = peak.load(); now > seen && !peak.compare_exchange_weak(seen, now);) { }
            for (std::size_t seen = peakParts.load(); p > seen && !peakParts.compare_exchange_weak(seen, p);) { }
        }
    };
    stages.process = [](Work& w, Done& d) {
        d.value = slowSquare(w.value);
        d.error = std::to_string(w.bytes);
    };
    stages.consume = [&](Done& d) {
        // Released after consume returns; subtract here so the count never undercounts.
        inFlight -= std::stoul(d.error);
        --parts;
    };
    OrderedPipeline<Work, Done> pipe(Options {2, 400, 8}, std::move(stages));
    pipe.run();
    // The producer's count lags the pipeline's by at most the part it just emitted.
    QVERIFY2(peak.load() <= 400 + 59, qPrintable(QString::number(peak.load())));
    QVERIFY2(peakParts.load() <= 9, qPrintable(QString::number(peakParts.load())));
    QVERIFY(peak.load() > 0);
}

void TestOrderedPipeline::onlyAFewPartsWaitForAWorker_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("perWorker");
    QTest::newRow("one worker, one each") << 1 << 1;
    QTest::newRow("two workers, two each") << 2 << 2;
    QTest::newRow("three workers, one each") << 3 << 1;
}

// A large budget with a bound on the parts not yet taken by a worker: the
// reader runs ahead by that many parts (plus one popped by each worker and
// not yet started), not by the whole budget, and the run still completes in
// order.
void TestOrderedPipeline::onlyAFewPartsWaitForAWorker()
{
    QFETCH(int, workers);
    QFETCH(int, perWorker);
    constexpr int kParts = 600;
    std::atomic<int> emitted {0};
    std::atomic<int> started {0};
    std::atomic<int> peakWaiting {0};
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < kParts; ++i) {
            if (!emit(Work {i, 1}, 1))
                return;
            const int waiting = ++emitted - started.load();
            for (int seen = peakWaiting.load(); waiting > seen && !peakWaiting.compare_exchange_weak(seen, waiting);) {
            }
        }
    };
    stages.process = [&](Work& w, Done& d) {
        ++started;
        d.value = slowSquare(w.value + 6); // every part takes a while: the reader is always ahead
    };
    std::vector<int> seen;
    stages.consume = [&](Done& d) { seen.push_back(d.value); };
    Options options {workers, 1u << 20, 500};
    options.queuedPartsPerWorker = static_cast<std::size_t>(perWorker);
    OrderedPipeline<Work, Done> pipe(options, std::move(stages));
    const Outcome outcome = pipe.run();
    QVERIFY(outcome.readerError.empty() && outcome.consumerError.empty());
    QCOMPARE(seen.size(), std::size_t(kParts));
    for (int i = 0; i < kParts; ++i)
        QCOMPARE(seen[std::size_t(i)], (i + 6) * (i + 6));
    // The queue holds workers * perWorker + 1; each worker may hold one popped, not started.
    const int bound = workers * perWorker + 1 + workers;
    QVERIFY2(peakWaiting.load() <= bound, qPrintable(QString::number(peakWaiting.load())));
    QVERIFY(peakWaiting.load() >= 1);
}

void TestOrderedPipeline::oversizedPartStillPasses()
{
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        QVERIFY(emit(Work {1, 10}, 10));
        QVERIFY(emit(Work {2, 1'000'000}, 1'000'000)); // larger than the whole budget
        QVERIFY(emit(Work {3, 10}, 10));
    };
    stages.process = [](Work& w, Done& d) { d.value = w.value; };
    std::vector<int> seen;
    stages.consume = [&](Done& d) { seen.push_back(d.value); };
    OrderedPipeline<Work, Done> pipe(Options {2, 100, 4}, std::move(stages));
    pipe.run();
    QCOMPARE(seen, (std::vector<int> {1, 2, 3}));
}

void TestOrderedPipeline::throwingPartIsReportedAndTheRestGoesOn()
{
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < 100; ++i)
            emit(Work {i, 1}, 1);
    };
    stages.process = [](Work& w, Done& d) {
        if (w.value % 10 == 3)
            throw std::runtime_error("bad part " + std::to_string(w.value));
        if (w.value == 50)
            throw std::bad_alloc();
        d.value = w.value;
    };
    stages.failed = [](Work& w, Done& d, const std::string& error) {
        d.value = -w.value;
        d.error = error;
    };
    std::vector<Done> seen;
    stages.consume = [&](Done& d) { seen.push_back(d); };
    OrderedPipeline<Work, Done> pipe(Options {2, 1000, 8}, std::move(stages));
    const Outcome outcome = pipe.run();
    QVERIFY(outcome.consumerError.empty());
    QCOMPARE(seen.size(), std::size_t(100));
    QCOMPARE(seen[13].value, -13);
    QCOMPARE(seen[13].error, std::string("bad part 13"));
    QCOMPARE(seen[50].value, -50);
    QVERIFY(!seen[50].error.empty());
    QCOMPARE(seen[51].value, 51);
}

void TestOrderedPipeline::throwingProducerKeepsWhatCameBefore()
{
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < 10; ++i)
            emit(Work {i, 1}, 1);
        throw std::runtime_error("disk gone");
    };
    stages.process = [](Work& w, Done& d) { d.value = w.value; };
    int consumed = 0;
    stages.consume = [&](Done&) { ++consumed; };
    OrderedPipeline<Work, Done> pipe(Options {2, 1000, 8}, std::move(stages));
    const Outcome outcome = pipe.run();
    QCOMPARE(outcome.readerError, std::string("disk gone"));
    QCOMPARE(consumed, 10);
}

void TestOrderedPipeline::throwingConsumerStopsTheRun()
{
    std::atomic<int> emitted {0};
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0; i < 100000; ++i) {
            if (!emit(Work {i, 1}, 1))
                return;
            ++emitted;
        }
    };
    stages.process = [](Work& w, Done& d) { d.value = w.value; };
    int consumed = 0;
    stages.consume = [&](Done& d) {
        if (d.value == 20)
            throw std::runtime_error("database full");
        ++consumed;
    };
    OrderedPipeline<Work, Done> pipe(Options {2, 100, 8}, std::move(stages));
    const Outcome outcome = pipe.run();
    QCOMPARE(outcome.consumerError, std::string("database full"));
    QCOMPARE(consumed, 20); // nothing after the failure is consumed
    QVERIFY(emitted.load() < 100000); // and the producer was stopped
}

void TestOrderedPipeline::cancelStopsTheRun()
{
    std::atomic<bool> cancel {false};
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        for (int i = 0;; ++i) { // endless: only the cancel ends it
            if (!emit(Work {i, 1}, 1))
                return;
        }
    };
    stages.process = [](Work& w, Done& d) { d.value = w.value; };
    int consumed = 0;
    stages.consume = [&](Done&) {
        if (++consumed == 50)
            cancel = true;
    };
    OrderedPipeline<Work, Done> pipe(Options {2, 100, 8}, std::move(stages));
    const Outcome outcome = pipe.run(&cancel);
    QVERIFY(outcome.cancelled);
    QCOMPARE(consumed, 50); // the part that asked is the last one consumed
}

void TestOrderedPipeline::idleIsCalledWhenTheDeadlinePasses()
{
    // The producer waits until the consumer has gone idle once, so the deadline must pass.
    std::atomic<bool> wentIdle {false};
    Stages<Work, Done> stages;
    stages.produce = [&](const Stages<Work, Done>::Emit& emit) {
        emit(Work {1, 1}, 1);
        while (!wentIdle.load())
            std::this_thread::yield();
        emit(Work {2, 1}, 1);
    };
    stages.process = [](Work& w, Done& d) { d.value = w.value; };
    std::vector<int> events;
    stages.consume = [&](Done& d) { events.push_back(d.value); };
    stages.deadline = [] { return std::optional(std::chrono::steady_clock::now() + std::chrono::milliseconds(20)); };
    stages.idle = [&] {
        if (!wentIdle.exchange(true))
            events.push_back(0);
    };
    OrderedPipeline<Work, Done> pipe(Options {1, 100, 4}, std::move(stages));
    pipe.run();
    // Part 2 was only emitted after the consumer went idle; part 1 may come before or after that.
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events.back(), 2);
    QVERIFY(std::find(events.begin(), events.end(), 0) != events.end());
}

QTEST_GUILESS_MAIN(TestOrderedPipeline)
#include "tst_orderedpipeline.moc"

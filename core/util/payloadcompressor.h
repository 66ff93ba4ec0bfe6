#pragma once

#include "util/payloadcodec.h"
#include "util/payloaddict.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace stackdeck {

// When and on what an import trains the dictionary of a workspace that has none.
struct PayloadDictTraining {
    std::size_t samples = 200; // payloads to train on (the first ones of the workspace)
    // Trains early when this many bytes are kept: 2 MB of 10 KB events train
    // (zstd --train, one core) in 0.12 s to 8.05x, 16 MB in 0.84 s to 8.03x
    // (zstd -b1 with it over 2,000 other synthetic events).
    std::size_t maxSampleBytes = std::size_t {2} << 20;
    std::size_t maxSampleSize = std::size_t {128} << 10; // a larger payload is not kept whole
    std::size_t dictBytes = std::size_t {64} << 10;
};

// What an import's workers compress payloads and span sets with (issue #20).
// With the workspace's dictionary: zstd with it (PayloadCodec::ZstdDict).
// Without one: LZ4, while copies of the first payloads are kept; once enough
// are kept, the worker that kept the last trains a dictionary (once, 0.15-0.4 s)
// and every payload after it uses it. The writer stores the dictionary in the
// transaction of the first payload that names it (store/payloaddictrows.h),
// so a workspace never holds a frame whose dictionary it lacks, nor a
// dictionary no frame names. Thread-safe: shared by all workers of an import.
class PayloadCompressor {
public:
    // `existing`: the workspace's newest dictionary, or null to train one.
    explicit PayloadCompressor(
        std::shared_ptr<const PayloadDict> existing, PayloadDictTraining training = PayloadDictTraining {});

    // Compresses `raw` into `out` and says how; Plain (and `out` empty) when
    // compressing does not make it smaller.
    PayloadCodec compress(std::string_view raw, std::string& out);

    // The dictionary in use, or null while training.
    std::shared_ptr<const PayloadDict> dictionary() const;

private:
    void keepSample(std::string_view raw);

    PayloadDictTraining m_training;
    mutable std::mutex m_mutex;
    std::shared_ptr<const PayloadDict> m_dict; // guarded by m_mutex
    std::atomic<bool> m_haveDict {false};
    std::vector<std::string> m_samples; // guarded by m_mutex
    std::size_t m_sampleBytes = 0;
    bool m_trainingDone = false; // trained, or gave up: keep no more samples
};

} // namespace stackdeck

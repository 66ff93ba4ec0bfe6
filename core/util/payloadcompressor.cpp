#include "payloadcompressor.h"

namespace stackdeck {

PayloadCompressor::PayloadCompressor(std::shared_ptr<const PayloadDict> existing, PayloadDictTraining training)
    : m_training(training)
    , m_dict(std::move(existing))
    , m_haveDict(m_dict != nullptr)
    , m_trainingDone(m_dict != nullptr)
{
}

std::shared_ptr<const PayloadDict> PayloadCompressor::dictionary() const
{
    std::lock_guard lock(m_mutex);
    return m_dict;
}

void PayloadCompressor::keepSample(std::string_view raw)
{
    std::vector<std::string> samples;
    {
        std::lock_guard lock(m_mutex);
        if (m_trainingDone)
            return;
        const std::string_view kept = raw.substr(0, m_training.maxSampleSize);
        m_samples.emplace_back(kept);
        m_sampleBytes += kept.size();
        if (m_samples.size() < m_training.samples && m_sampleBytes < m_training.maxSampleBytes)
            return;
        m_trainingDone = true; // this thread trains; the others keep using LZ4 meanwhile
        samples.swap(m_samples);
        m_sampleBytes = 0;
    }
    auto dict = PayloadDict::train(samples, m_training.dictBytes);
    if (!dict)
        return; // too alike or too few to train on: LZ4 for this import
    std::lock_guard lock(m_mutex);
    m_dict = std::move(dict);
    m_haveDict.store(true, std::memory_order_release);
}

PayloadCodec PayloadCompressor::compress(std::string_view raw, std::string& out)
{
    out.clear();
    if (m_haveDict.load(std::memory_order_acquire)) {
        std::shared_ptr<const PayloadDict> dict = dictionary();
        out = dict->compress(raw);
        if (!out.empty() && out.size() < raw.size())
            return PayloadCodec::ZstdDict;
    } else {
        keepSample(raw);
        out = lz4Compress(raw);
        if (!out.empty() && out.size() < raw.size())
            return PayloadCodec::Lz4;
    }
    out.clear();
    return PayloadCodec::Plain;
}

} // namespace stackdeck

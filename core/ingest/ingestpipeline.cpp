#include "ingestpipeline.h"

#include "bodydecoder.h"
#include "formats/protocolkeys.h"
#include "formats/recordsource.h"
#include "importer/projectgroupings.h"
#include "importer/recordpreparation.h"
#include "store/ingestbatchwriter.h"
#include "store/sessionaccess.h"

#include <QDateTime>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

namespace stackdeck::ingest {

namespace {

constexpr std::size_t kInspectorBodyBytes = std::size_t {1} << 20;
// The largest single read of a request body (ReaderOptions::chunkSize).
constexpr std::size_t kMaxBodyReadBytes = std::size_t {1} << 20;

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// The envelope header's event_id as the reply names it (32 hex), "" when absent.
std::string headerEventId(const nlohmann::json& header)
{
    auto it = header.find("event_id");
    if (it == header.end() || !it->is_string())
        return {};
    std::string id;
    for (char c : it->get<std::string>()) {
        if (c == '-')
            continue;
        if (c >= 'A' && c <= 'F')
            c = static_cast<char>(c - 'A' + 'a');
        id += c;
    }
    const bool hex = id.size() == 32
        && std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    return hex ? id : std::string();
}

} // namespace

struct IngestPipeline::Prepared {
    IngestOutcome outcome;
    PreparedRecords records;
    std::vector<store::KeptItemRow> kept; // compressed copies of items not interpreted or refused
    std::int64_t bodyBytes = 0; // as sent, for the in-flight budget
};

IngestPipeline::IngestPipeline(std::shared_ptr<store::WorkspaceSession> session, PipelineOptions options,
    Completion completion, Committed committed)
    : m_session(std::move(session))
    , m_options(std::move(options))
    , m_completion(std::move(completion))
    , m_committed(std::move(committed))
{
    // The project rules are read before the first request is prepared (and again by the writer now and then).
    auto groupings
        = store::readWithSession(m_session, [](sql::Database& db) -> Result<std::shared_ptr<const ProjectGroupings>> {
              return std::shared_ptr<const ProjectGroupings>(ProjectGroupings::load(db));
          });
    if (groupings)
        m_groupings = std::move(*groupings);
    m_groupingsLoaded = std::chrono::steady_clock::now();
    int threads = m_options.prepareThreads;
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 0; i < threads; ++i)
        m_workers.emplace_back([this] { prepareLoop(); });
    m_writerThread = std::thread([this] { writerLoop(); });
}

IngestPipeline::~IngestPipeline()
{
    drain();
    {
        std::lock_guard lock(m_mutex);
        m_stopThreads = true;
    }
    m_prepareWake.notify_all();
    m_writeWake.notify_all();
    for (auto& t : m_workers)
        t.join();
    m_writerThread.join();
}

bool IngestPipeline::submit(IngestRequest request)
{
    const auto bytes = static_cast<std::int64_t>(request.body.size());
    {
        std::lock_guard lock(m_mutex);
        if (m_closing)
            return false;
        // One request alone always passes (it is within the body limit), so a big one cannot starve.
        if (m_pending > 0 && m_inFlightBytes.load() + bytes > m_options.maxInFlightBytes)
            return false;
        m_inFlightBytes += bytes;
        ++m_pending;
        m_toPrepare.push_back(std::move(request));
    }
    m_prepareWake.notify_one();
    return true;
}

void IngestPipeline::drain()
{
    std::unique_lock lock(m_mutex);
    m_closing = true;
    m_idle.wait(lock, [this] { return m_pending == 0; });
}

void IngestPipeline::prepareLoop()
{
    for (;;) {
        IngestRequest request;
        {
            std::unique_lock lock(m_mutex);
            m_prepareWake.wait(lock, [this] { return m_stopThreads || !m_toPrepare.empty(); });
            if (m_toPrepare.empty())
                return;
            request = std::move(m_toPrepare.front());
            m_toPrepare.pop_front();
        }
        auto item = std::make_unique<Prepared>();
        item->bodyBytes = static_cast<std::int64_t>(request.body.size());
        item->outcome.id = request.id;
        try {
            prepare(request, *item);
        } catch (const std::exception& e) {
            item->outcome.status = 500;
            item->outcome.message = std::string("could not process the request: ") + e.what();
        }
        if (item->outcome.status != 200 || (item->records.batch.empty() && item->kept.empty())) {
            finish(*item); // nothing to write: answered now
            continue;
        }
        {
            std::lock_guard lock(m_mutex);
            m_toWrite.push_back(std::move(item));
        }
        m_writeWake.notify_one();
    }
}

void IngestPipeline::prepare(IngestRequest& request, Prepared& out)
{
    IngestOutcome& outcome = out.outcome;
    DecodedBody body = decodeBody(std::move(request.body), request.contentEncoding, m_options.maxDecodedBytes);
    if (!body.ok()) {
        outcome.status = body.status;
        outcome.message = body.error;
        return;
    }
    if (body.bytes.size() <= kInspectorBodyBytes)
        outcome.decodedBody = std::make_shared<const std::string>(body.bytes);

    if (request.route == IngestRoute::Envelope) {
        const std::size_t eol = body.bytes.find('\n');
        const std::string_view headerLine = std::string_view(body.bytes).substr(0, eol);
        const auto header = nlohmann::json::parse(headerLine, nullptr, false);
        if (header.is_discarded() || !header.is_object()) {
            outcome.status = 400;
            outcome.message = "the envelope header is not a JSON object";
            return;
        }
        outcome.eventId = headerEventId(header);
        if (eol == std::string::npos || trimmed(std::string_view(body.bytes).substr(eol + 1)).empty())
            return; // a header without items: nothing to store
    } else if (trimmed(body.bytes).empty() || trimmed(body.bytes).front() != '{') {
        outcome.status = 400;
        outcome.message = "the body is not a JSON event";
        return;
    }

    PrepareOptions prepare;
    prepare.project = request.project;
    prepare.projectFromEvent = false;
    prepare.fallbackTimestamp = QDateTime::currentMSecsSinceEpoch() * 1000;
    {
        std::lock_guard lock(m_groupingsMutex);
        prepare.groupings = m_groupings;
    }
    // The body is in memory: one read of it up to 1 MiB, not reads of the
    // file reader's chunk size (64 KiB, sized for the cache, not for this).
    ReaderOptions reader = m_options.reader;
    reader.keepSkippedPayloads = reader.keepSkippedPayloads || m_options.keepItems;
    reader.chunkSize = std::clamp<std::size_t>(body.bytes.size() + 16, 4096, kMaxBodyReadBytes);
    auto source = RecordSource::fromBuffer(std::move(body.bytes), request.label, reader);
    RawRecord raw;
    std::int64_t records = 0;
    const std::int64_t receivedAt = prepare.fallbackTimestamp;
    const auto keptRow = [&](const RecordLocation& where, std::string_view payload, std::optional<std::string> why) {
        store::KeptItemRow row;
        row.receivedAt = receivedAt;
        row.project = request.project;
        row.envelopeEventId = outcome.eventId;
        row.itemIndex = std::max(where.item, 0);
        row.itemType = request.route == IngestRoute::Store ? std::string("event") : where.itemType;
        row.rejection = std::move(why);
        store::encodeKeptPayload(row, payload);
        return row;
    };
    while (source->next(raw)) {
        ++records;
        if (request.route == IngestRoute::Envelope) {
            outcome.items.push_back(ReceivedItem {raw.itemType, raw.contentType, raw.filename, raw.payloadSize,
                raw.itemHeader.text, raw.location.byteOffset});
        }
        if (m_options.keepItems && request.route == IngestRoute::Envelope && !itemTypeIsDecoded(raw.itemType)
            && !raw.payloadOmitted) {
            // Nobody interprets it: kept as received.
            out.kept.push_back(keptRow(raw.location, raw.payload, std::nullopt));
            out.kept.back().contentType = raw.contentType;
            ++out.records.skipped;
            raw = RawRecord {};
            continue;
        }
        // The decoder takes the payload: a copy stays for the case it refuses the item.
        std::string copy = m_options.keepItems ? raw.payload : std::string();
        std::string contentType = m_options.keepItems ? raw.contentType : std::string();
        const std::size_t refusedBefore = out.records.rejections.size();
        processRecordGuarded(raw, prepare, SourceId {}, out.records);
        if (m_options.keepItems && out.records.rejections.size() > refusedBefore) {
            const Rejection& why = out.records.rejections.back();
            out.kept.push_back(keptRow(why.location, copy, why.error));
            out.kept.back().contentType = std::move(contentType);
        }
        raw = RawRecord {};
    }
    const bool framed
        = request.route == IngestRoute::Envelope ? source->format() == DetectedFormat::Envelope : records > 0;
    std::vector<Rejection> rejections = source->takeRejections();
    if (!framed) {
        outcome.status = 400;
        outcome.message = request.route == IngestRoute::Envelope ? "the body is not a Sentry envelope"
                                                                 : "the body is not a JSON event";
        if (!rejections.empty())
            outcome.message += ": " + rejections.front().error;
        out.records = PreparedRecords {};
        out.kept.clear();
        return;
    }
    for (Rejection& r : rejections) {
        // Refused while splitting (framing, length): its bytes are not at hand, its place and reason are.
        if (m_options.keepItems)
            out.kept.push_back(keptRow(r.location, {}, r.error));
        out.records.rejections.push_back(std::move(r));
    }
    outcome.keptItems = static_cast<std::int64_t>(out.kept.size());
    outcome.rejections = std::move(out.records.rejections);
    outcome.skippedItems = out.records.skipped;
    outcome.events = static_cast<std::int64_t>(out.records.batch.events.size());
    outcome.logs = static_cast<std::int64_t>(out.records.batch.logs.size());
    outcome.attachments = static_cast<std::int64_t>(out.records.batch.attachments.size());
    if (request.route == IngestRoute::Store && !out.records.batch.events.empty())
        outcome.eventId = out.records.batch.events.front().eventId;
    else if (outcome.eventId.empty() && !out.records.batch.events.empty())
        outcome.eventId = out.records.batch.events.front().eventId;
}

void IngestPipeline::finish(Prepared& item)
{
    const std::int64_t bytes = item.bodyBytes;
    if (m_completion)
        m_completion(std::move(item.outcome));
    m_inFlightBytes -= bytes;
    std::lock_guard lock(m_mutex);
    if (--m_pending == 0)
        m_idle.notify_all();
}

void IngestPipeline::writerLoop()
{
    for (;;) {
        std::vector<std::unique_ptr<Prepared>> batch;
        bool idle = false;
        {
            std::unique_lock lock(m_mutex);
            const auto ready = [this] { return m_stopThreads || !m_toWrite.empty(); };
            if (m_toWrite.empty())
                m_lock.reset(); // idle: others may take the workspace
            if (m_writer && m_writer->triagePending())
                idle = !m_writeWake.wait_for(lock, std::chrono::seconds(1), ready);
            else
                m_writeWake.wait(lock, ready);
            if (!idle && m_toWrite.empty()) {
                lock.unlock();
                runPendingTriage(); // stopping: what arrived last is re-evaluated too
                releaseWriter();
                return;
            }
            // Group commit: everything prepared while the last transaction ran goes into this one.
            while (!m_toWrite.empty() && batch.size() < m_options.maxBatchRequests) {
                batch.push_back(std::move(m_toWrite.front()));
                m_toWrite.pop_front();
            }
        }
        if (idle)
            runPendingTriage();
        else
            commitBatch(batch);
    }
}

Result<store::BatchCounts> IngestPipeline::writeHeld(
    const std::function<Result<store::BatchCounts>(store::WorkspaceSession::Writer&)>& fn)
{
    // The workspace stays held (shared, as every ordinary writer holds it)
    // while requests keep coming, a second at a time, and is let go when the
    // endpoint goes idle: taking the cross-process lock for each of hundreds
    // of transactions a second cost a twentieth of the writer's time.
    const auto now = std::chrono::steady_clock::now();
    if (m_lock && now - m_lockSince > std::chrono::seconds(1))
        m_lock.reset();
    if (!m_lock) {
        const auto deadline = now + m_options.writePatience;
        auto lock = m_session->lock(store::WriterLock::Kind::Shared, "local endpoint",
            [&](const std::string&) { return std::chrono::steady_clock::now() < deadline; });
        if (!lock)
            return lock.error();
        m_lock.emplace(std::move(*lock));
        m_lockSince = now;
    }
    auto writer = m_session->writer();
    if (!writer)
        return writer.error();
    try {
        return fn(*writer);
    } catch (const std::exception& e) {
        return Error {std::string("local endpoint: ") + e.what()};
    }
}

void IngestPipeline::releaseWriter()
{
    if (!m_writer)
        return;
    m_lock.reset();
    // The writer restores the connection's automatic checkpoints: under the lease, like every use of it.
    (void)store::writeWithLease(
        m_session, "local endpoint",
        [&](store::WorkspaceSession::Writer&) -> Status {
            m_writer.reset();
            return Ok {};
        },
        nullptr, m_options.writePatience);
    m_writer.reset();
}

void IngestPipeline::runPendingTriage()
{
    if (!m_writer || !m_writer->triagePending())
        return;
    store::writeWithLease(
        m_session, "local endpoint",
        [&](store::WorkspaceSession::Writer&) -> Status {
            m_writer->reevaluateTriageNow();
            return Ok {};
        },
        nullptr, m_options.writePatience);
    reportIssueNews();
}

void IngestPipeline::reportIssueNews()
{
    if (!m_writer)
        return;
    auto news = m_writer->takeIssueNews();
    if (!news.empty() && m_options.issuesChanged)
        m_options.issuesChanged(std::move(news.created), std::move(news.cameBack));
}

void IngestPipeline::commitBatch(std::vector<std::unique_ptr<Prepared>>& batch)
{
    std::vector<const PreparedBatch*> parts;
    parts.reserve(batch.size());
    std::vector<const std::vector<store::KeptItemRow>*> kept;
    auto written = writeHeld([&](store::WorkspaceSession::Writer& lease) -> Result<store::BatchCounts> {
        if (!m_writer) {
            m_writer = std::make_unique<store::IngestBatchWriter>(lease.db());
            m_writer->setKeptRetention(m_options.keptRetention);
            m_sourceId = m_writer->ensureSource(m_options.sourceLocation, m_options.sourceLabel).value;
        }
        // Rules someone saved meanwhile are taken up within a couple of seconds.
        const auto now = std::chrono::steady_clock::now();
        if (!m_groupings || now - m_groupingsLoaded > std::chrono::seconds(2)) {
            auto loaded = ProjectGroupings::load(lease.db());
            std::lock_guard lock(m_groupingsMutex);
            m_groupings = std::move(loaded);
            m_groupingsLoaded = now;
        }
        for (auto& item : batch) {
            PreparedBatch& b = item->records.batch;
            const SourceId source(m_sourceId);
            for (auto& e : b.events)
                e.source = source;
            for (auto& l : b.logs)
                l.source = source;
            for (auto& a : b.attachments)
                a.source = source;
            parts.push_back(&b);
            if (!item->kept.empty())
                kept.push_back(&item->kept);
        }
        return m_writer->write(parts, kept);
    });
    if (written && m_committed)
        m_committed(*written, batch.size());
    if (written)
        reportIssueNews();
    for (auto& item : batch) {
        if (!written) {
            item->outcome.status = 503;
            item->outcome.message = "could not store the request: " + written.error().message;
        }
        item->records = PreparedRecords {}; // free before answering
        item->kept.clear();
        finish(*item);
    }
}

} // namespace stackdeck::ingest

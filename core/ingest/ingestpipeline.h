#pragma once

#include "formats/rawrecord.h"
#include "formats/readeroptions.h"
#include "store/eventwriter.h"
#include "store/keptitems.h"
#include "store/workspacesession.h"
#include "store/writerlock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace stackdeck {
class ProjectGroupings;
namespace store {
class IngestBatchWriter;
class WorkspaceSession;
} // namespace store
} // namespace stackdeck

namespace stackdeck::ingest {

enum class IngestRoute { Envelope, Store };

// One accepted request on its way to the store.
struct IngestRequest {
    std::uint64_t id = 0;
    IngestRoute route = IngestRoute::Envelope;
    std::string project; // workspace project name
    std::string body; // as sent (compressed)
    std::string contentEncoding;
    std::string label; // "POST /api/2/envelope/ #17": where rejections say they came from
};

// One item of a received envelope, for an inspector.
struct ReceivedItem {
    std::string type;
    std::string contentType;
    std::string filename;
    std::int64_t size = 0;
    std::string header; // the item header line as sent
    std::int64_t offset = -1; // where the header line starts in the decoded body; -1 unknown
};

// What became of a request; `status` is the HTTP status to answer.
struct IngestOutcome {
    std::uint64_t id = 0;
    int status = 200;
    std::string message; // why, when not 200
    std::string eventId; // the reply's "id": envelope header event_id, or the stored event's
    std::int64_t events = 0; // event-like records written (errors, transactions, segments, feedback)
    std::int64_t logs = 0;
    std::int64_t attachments = 0;
    std::int64_t skippedItems = 0; // sessions, client reports, profiles...: not interpreted
    std::int64_t keptItems = 0; // items stored as received in kept_items (not interpreted, or refused)
    std::vector<Rejection> rejections; // items that failed inside a well-framed envelope
    std::vector<ReceivedItem> items;
    std::shared_ptr<const std::string> decodedBody; // the body as decoded, when at most 1 MiB
};

struct PipelineOptions {
    int prepareThreads = 0; // decode, group and compress; 0 = one per core
    std::int64_t maxDecodedBytes = std::int64_t {100} << 20;
    // Bodies accepted but not yet committed, as sent: over it submit() says no (the client gets 429).
    std::int64_t maxInFlightBytes = std::int64_t {256} << 20;
    std::size_t maxBatchRequests = 2000; // requests per transaction at most
    std::chrono::seconds writePatience {30}; // waiting for a reindex or regroup holding the workspace
    std::string sourceLocation; // the endpoint's URL, its source row
    // Items not interpreted (sessions, client reports, profiles, unknown
    // types...) and items refused inside a stored envelope are kept with
    // their bytes in kept_items, in the same transaction as the events
    // (store/keptitems.h), within `keptRetention`.
    bool keepItems = true;
    store::KeptItemsRetention keptRetention;
    // Called on the writer thread when its commits created issues or its
    // triage re-evaluation brought issues back (regressed, escalating): ids, ascending.
    std::function<void(std::vector<std::int64_t> created, std::vector<std::int64_t> cameBack)> issuesChanged;
    std::string sourceLabel;
    ReaderOptions reader;
};

// Accepted requests -> worker threads (decode the body, split the envelope,
// decode, group and compress each item: the same steps, the same
// RecordSource and processRecordGuarded, as a file import) -> one writer
// thread that commits whatever is prepared in one transaction (group
// commit) through the session's write lease, then completes every request of
// that transaction. So a request is answered after its events are committed.
class IngestPipeline {
public:
    // Called once per request, on a worker or the writer thread.
    using Completion = std::function<void(IngestOutcome)>;
    // Called on the writer thread after each commit, with what it stored.
    using Committed = std::function<void(const store::BatchCounts&, std::size_t requests)>;

    IngestPipeline(std::shared_ptr<store::WorkspaceSession> session, PipelineOptions options, Completion completion,
        Committed committed = {});
    // Drains (see drain()).
    ~IngestPipeline();
    IngestPipeline(const IngestPipeline&) = delete;
    IngestPipeline& operator=(const IngestPipeline&) = delete;

    // False when the pipeline is closing or its in-flight budget is spent.
    bool submit(IngestRequest request);
    // Takes nothing more and returns once every submitted request is committed
    // (or failed) and completed.
    void drain();
    std::int64_t inFlightBytes() const { return m_inFlightBytes.load(); }

private:
    struct Prepared;
    void prepareLoop();
    void writerLoop();
    void prepare(IngestRequest& request, Prepared& out);
    void finish(Prepared& item);
    void commitBatch(std::vector<std::unique_ptr<Prepared>>& batch);
    void runPendingTriage();
    void reportIssueNews();
    void releaseWriter();
    Result<store::BatchCounts> writeHeld(
        const std::function<Result<store::BatchCounts>(store::WorkspaceSession::Writer&)>& fn);

    std::shared_ptr<store::WorkspaceSession> m_session;
    PipelineOptions m_options;
    Completion m_completion;
    Committed m_committed;

    std::mutex m_mutex;
    std::condition_variable m_prepareWake;
    std::condition_variable m_writeWake;
    std::condition_variable m_idle;
    std::deque<IngestRequest> m_toPrepare;
    std::deque<std::unique_ptr<Prepared>> m_toWrite;
    std::size_t m_pending = 0; // submitted, not completed
    bool m_closing = false;
    bool m_stopThreads = false;
    std::atomic<std::int64_t> m_inFlightBytes {0};

    std::mutex m_groupingsMutex;
    std::shared_ptr<const ProjectGroupings> m_groupings;
    std::chrono::steady_clock::time_point m_groupingsLoaded;
    std::unique_ptr<store::IngestBatchWriter> m_writer; // the writer thread's
    std::optional<store::WriterLock> m_lock; // the writer thread's hold on the workspace, while busy
    std::chrono::steady_clock::time_point m_lockSince;
    std::int64_t m_sourceId = 0;

    std::vector<std::thread> m_workers;
    std::thread m_writerThread;
};

} // namespace stackdeck::ingest

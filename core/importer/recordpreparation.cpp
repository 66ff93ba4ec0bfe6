// What an import's workers make of one record (recordpreparation.h).

#include "recordpreparation.h"

#include "formats/recorddecoder.h"
#include "util/hashing.h"

#include <new>

namespace stackdeck {

namespace {

PreparedLog prepareLog(const LogRecord& log, const std::string& project, SourceId source)
{
    PreparedLog p;
    p.project = project;
    p.timestamp = log.timestamp;
    p.traceId = log.traceId;
    p.spanId = log.spanId;
    p.level = log.level;
    p.body = log.body;
    p.attributesJson = log.attributes.text;
    p.fingerprint = md5Hex(std::to_string(log.timestamp.value_or(0)) + '\x1f' + log.traceId + '\x1f' + log.spanId
        + '\x1f' + log.level + '\x1f' + log.body);
    p.source = source;
    return p;
}

// Takes the record's payload (it becomes the stored original); raw.location stays valid.
void processRecord(RawRecord& raw, const PrepareOptions& prepare, SourceId source, PreparedRecords& out)
{
    auto decoded = decodeRecord(std::move(raw), DecodeDetail::Index);
    if (!decoded) {
        // decodeRecord takes only the payload: the location is still there.
        out.rejections.push_back(Rejection {raw.location, decoded.error().message}); // NOLINT(bugprone-use-after-move)
        return;
    }
    DecodedRecord& record = decoded.value();
    const std::string project = prepare.project.empty() ? std::string("default") : prepare.project;
    switch (record.kind) {
    case RecordKind::Event:
    case RecordKind::Transaction:
    case RecordKind::Feedback:
    case RecordKind::Segment:
        for (auto& item : record.events) {
            item.event.eventId = item.eventId; // synthesized from the payload when it had none
            PreparedEvent p = prepareEvent(std::move(item.event), std::move(item.rawJson), record.itemType, prepare);
            p.contentType = record.contentType;
            p.source = source;
            out.batch.events.push_back(std::move(p));
        }
        break;
    case RecordKind::Log:
        for (const LogRecord& log : record.logs)
            out.batch.logs.push_back(prepareLog(log, project, source));
        break;
    case RecordKind::Attachment: {
        if (!record.attachment) {
            ++out.skipped;
            break;
        }
        PreparedAttachment a;
        a.project = project;
        a.eventId = record.attachment->eventId;
        a.filename = record.attachment->filename;
        a.attachmentType = record.attachment->attachmentType;
        a.contentType = record.attachment->contentType;
        a.size = record.attachment->size;
        a.source = source;
        out.batch.attachments.push_back(std::move(a));
        break;
    }
    default:
        ++out.skipped;
        break;
    }
}

} // namespace

// A record the decoder or the grouping did not expect to fail on (an
// allocation that failed, a bug) is rejected with its location; the rest of
// the chunk goes on.
void processRecordGuarded(RawRecord& raw, const PrepareOptions& prepare, SourceId source, PreparedRecords& out)
{
    try {
        processRecord(raw, prepare, source, out);
    } catch (const std::bad_alloc&) {
        out.rejections.push_back(Rejection {raw.location, "out of memory while decoding this record; skipped"});
    } catch (const std::exception& e) {
        out.rejections.push_back(Rejection {raw.location, std::string("could not decode this record: ") + e.what()});
    }
}

} // namespace stackdeck

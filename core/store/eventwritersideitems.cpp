// What an import stores beside events: the source files, logs and
// attachment metadata (eventwriter.h).

#include "eventwriter.h"

namespace stackdeck::store {

SourceId EventWriter::ensureSource(const std::string& kind, const std::string& location, const std::string& label)
{
    auto& upsert = m_db.cached("INSERT INTO sources(kind, location, label, created_at, last_import_at) "
                               "VALUES(?1, ?2, ?3, ?4, ?4) ON CONFLICT(kind, location) DO UPDATE SET "
                               "last_import_at = excluded.last_import_at, label = excluded.label RETURNING id");
    upsert.bind(1, kind).bind(2, location).bind(3, label).bind(4, m_now);
    upsert.step();
    const SourceId id(upsert.int64(0));
    upsert.reset();
    return id;
}

void EventWriter::writeLog(const PreparedLog& log, BatchCounts& counts)
{
    const ProjectId project = ensureProject(log.project);
    auto& insert = m_db.cached("INSERT INTO logs(project_id, timestamp, trace_id, span_id, level, body, attributes, "
                               "source_id, fingerprint) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                               "ON CONFLICT(project_id, fingerprint) DO NOTHING");
    insert.bind(1, project.value)
        .bind(2, log.timestamp)
        .bindOrNull(3, log.traceId)
        .bindOrNull(4, log.spanId)
        .bindOrNull(5, log.level)
        .bind(6, log.body)
        .bindOrNull(7, log.attributesJson);
    if (log.source.isValid())
        insert.bind(8, log.source.value);
    else
        insert.bindNull(8);
    insert.bind(9, log.fingerprint).run();
    if (m_db.changes() > 0)
        ++counts.logs;
}

void EventWriter::writeAttachment(const PreparedAttachment& attachment, BatchCounts& counts)
{
    const ProjectId project = ensureProject(attachment.project);
    auto& insert = m_db.cached("INSERT INTO attachments(project_id, event_id, filename, attachment_type, content_type, "
                               "size, source_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                               "ON CONFLICT(project_id, event_id, filename) DO NOTHING");
    insert.bind(1, project.value)
        .bindOrNull(2, attachment.eventId)
        .bindOrNull(3, attachment.filename)
        .bindOrNull(4, attachment.attachmentType)
        .bindOrNull(5, attachment.contentType)
        .bind(6, attachment.size);
    if (attachment.source.isValid())
        insert.bind(7, attachment.source.value);
    else
        insert.bindNull(7);
    insert.run();
    if (m_db.changes() > 0)
        ++counts.attachments;
}

} // namespace stackdeck::store

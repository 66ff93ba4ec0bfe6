#include "derivedtables.h"

namespace stackdeck::store {

void clearDerivedTables(sql::Database& db, DerivedScope scope)
{
    db.exec("DELETE FROM issues; DELETE FROM issue_hashes; DELETE FROM issue_tags; DELETE FROM issue_users; "
            "DELETE FROM issue_hourly; DELETE FROM issue_texts; DELETE FROM search_stale; "
            "INSERT INTO search(search) VALUES('delete-all'); "
            // Every event is counted again as it is derived again (tagcounts.h).
            "DELETE FROM meta WHERE key = 'tag_counts_mark'");
    if (scope == DerivedScope::Everything)
        db.exec("DELETE FROM event_spans; DELETE FROM tags; DELETE FROM traces; UPDATE events SET issue_id = NULL");
}

} // namespace stackdeck::store

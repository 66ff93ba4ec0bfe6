#pragma once

#include "sqlite.h"
#include "triage/triagestate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::store {

// What people decided about an issue, and the server's name for it: what a
// rebuild of the issue tables (reindex, regroup) carries over to the issues
// that replace the old ones.
struct IssueTriage {
    std::int64_t status = 0;
    std::string substatus;
    std::string assignee;
    std::int64_t bookmarked = 0;
    std::string serverId;
    std::string shortId;

    bool hasDecisions() const { return status != 0 || !substatus.empty() || !assignee.empty() || bookmarked != 0; }
    bool hasServerIdentity() const { return !serverId.empty() || !shortId.empty(); }
};

// The six columns readIssueTriage() reads, for a SELECT over `issues` named `i`.
inline constexpr std::string_view kIssueTriageColumns
    = "i.status, coalesce(i.substatus, ''), coalesce(i.assignee, ''), i.bookmarked, coalesce(i.server_id, ''), "
      "coalesce(i.short_id, '')";
IssueTriage readIssueTriage(const sql::Statement& row, int firstColumn);

// As text, for a resumable job to keep between its transactions: a JSON
// array of the fields in the order above. decodeIssueTriage() also reads the
// fields separated by U+001F, as builds before schema 5 kept them.
std::string encodeIssueTriage(const IssueTriage& triage);
std::optional<IssueTriage> decodeIssueTriage(std::string_view text);

// The state core/triage's rules work on (status with its resolution and
// substatus, ignore conditions and their baselines): the ten columns
// readTriageState() reads, for a SELECT over `issues` named `i`.
inline constexpr std::string_view kTriageStateColumns
    = "i.status, coalesce(i.resolution, ''), coalesce(i.substatus, ''), coalesce(i.resolved_release, ''), "
      "coalesce(i.status_changed_at, 0), coalesce(i.ignore_until, 0), coalesce(i.ignore_events, 0), "
      "coalesce(i.ignore_users, 0), coalesce(i.ignore_base_events, 0), coalesce(i.ignore_base_users, 0)";
triage::TriageState readTriageState(const sql::Statement& row, int firstColumn);

} // namespace stackdeck::store

#pragma once

#include "model/timestamp.h"
#include "querycontext.h"
#include "queryerror.h"
#include "store/sqlfilter.h"

#include <optional>
#include <string_view>

namespace stackdeck::query {

struct CompiledQuery {
    // For listIssues: planned for walking issues in page order until a page is full.
    SqlFilter filter;
    // The same issues, planned for visiting every issue: for countIssues and the facets.
    SqlFilter countFilter;
    std::optional<QueryError> error; // set when the text could not be understood; the filters are then empty

    bool ok() const { return !error.has_value(); }
};

// The issue search language -> a filter over the issues table (alias `i`)
// with bound parameters, for store::listIssues / countIssues. An empty or
// blank search is all issues.
//
//   free text        words AND-ed, "quoted phrases"; matched in titles, messages,
//                    exception types/values and frame functions/modules/files
//   is:              unresolved resolved ignored (muted, archived) bookmarked assigned unassigned
//                    deleted merged (server issues the server deleted or merged into another)
//   level:           debug info warning error fatal; lists, comparisons (level:>=warning)
//   release: environment: (env:)   project:   assigned:NAME   has:KEY   has:note
//   account:NAME     issues pulled from that server account; has:account any account, !has:account files only
//                    (free text also matches the text of notes)
//   firstSeen: lastSeen: (age:)    -24h -7d -30m -2w (within), +1d (longer ago),
//                    >-7d <-1h, 2024-05-01 (that day), >=2024-05-01T10:00
//   times_seen: (events:) users:   10 >10 <=5k
//   title: culprit:  substring, case-insensitive;  message: words, like free text
//   KEY:VALUE        any tag key of the workspace (tags[KEY]:VALUE when KEY is also built in)
//   a,b  [a, "b c"]  any of the values;  * wildcard in values, \* a literal asterisk
//   !term -term      negation;  ( ) grouping;  OR, AND (AND is implied)
//
// A key that is neither built in nor a tag key of the workspace is an error
// with a suggestion ("unknown search key 'lvel' — did you mean 'level'?");
// so are invalid values, each with its byte position and length.
CompiledQuery compileIssueQuery(std::string_view text, const QueryContext& context);

// Without workspace knowledge: every non-built-in key is taken as a tag key
// and project names are not checked. `now` anchors relative times.
CompiledQuery compileIssueQuery(std::string_view text, Micros now);

} // namespace stackdeck::query

#pragma once

#include "queryast.h"
#include "querycontext.h"
#include "queryerror.h"
#include "queryplan.h"
#include "store/sqlfilter.h"

#include <optional>

namespace stackdeck::query {

struct GenerateResult {
    SqlFilter filter; // empty: all issues
    std::optional<QueryError> error;
};

// Turns a parsed search into SQL over `issues i`: resolves keys (built-in,
// else a tag key of the workspace, else an error with a suggestion), checks
// and converts values, and binds every value as a parameter.
// `walk`: Walk::FirstPage for listIssues, Walk::Everything for counts and
// facets; the two select the same issues.
GenerateResult generateSql(const std::optional<QueryNode>& root, const QueryContext& context, Walk walk);

} // namespace stackdeck::query

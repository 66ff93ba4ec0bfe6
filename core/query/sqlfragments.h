#pragma once

#include "queryplan.h"
#include "queryvalues.h"
#include "store/sqlfilter.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::query {

// Building blocks of the generated WHERE clause. Each returns a self-contained
// boolean expression over `issues i` (safe to combine with AND / OR / NOT)
// whose text is fixed; every value goes into `params`, bound in order.
namespace fragments {

// Issues whose search texts, or notes, match an FTS5 expression (already quoted by ftsString).
SqlFilter textMatch(const std::string& ftsExpression, Walk walk);

// Issues with an event whose tag `key` has one of the values (exact, or
// GLOB when a value has a `*`).
SqlFilter tagValue(const std::string& key, const std::vector<std::string>& values, Walk walk);

// Issues with a note on them or on one of their events (or its frames,
// breadcrumbs, spans).
SqlFilter hasNote();

// Issues with an event carrying the tag key at all.
SqlFilter hasTag(const std::string& key, Walk walk);

// Issues of the named projects (exact or GLOB).
SqlFilter project(const std::vector<std::string>& names);
// Issues pulled from the named server accounts (exact or GLOB); any account.
SqlFilter account(const std::vector<std::string>& names);
SqlFilter fromAnyAccount();
// Server issues whose server last said `state` of them ("deleted", "merged"; server_issues.state).
SqlFilter serverState(const std::string& state);

// `column` (a fixed column expression) equal to / GLOB-matching one of the values.
SqlFilter oneOf(std::string_view column, const std::vector<std::string>& values);

// Case-insensitive substring of a TEXT column (LIKE; `*` inside is a wildcard).
SqlFilter contains(std::string_view column, const std::vector<std::string>& values);

SqlFilter timeRange(std::string_view column, const TimeRange& range);

// `column <op> value`; op is one of = > >= < <=.
SqlFilter compare(std::string_view column, std::string_view op, std::int64_t value);

// `column IN (values)` over integers.
SqlFilter integerIn(std::string_view column, const std::vector<std::int64_t>& values);

// A constant expression (no parameters), e.g. `i.bookmarked <> 0`.
SqlFilter fixed(std::string_view expression);

SqlFilter orAll(std::vector<SqlFilter> parts); // OR of parts, in order
SqlFilter andAll(std::vector<SqlFilter> parts); // AND of parts, in order
SqlFilter negate(SqlFilter part);

} // namespace fragments

} // namespace stackdeck::query

#include "issuequery.h"

#include "queryparser.h"
#include "sqlgenerator.h"

namespace stackdeck::query {

CompiledQuery compileIssueQuery(std::string_view text, const QueryContext& context)
{
    CompiledQuery out;
    ParseResult parsed = parseQuery(text);
    if (parsed.error) {
        out.error = std::move(parsed.error);
        return out;
    }
    GenerateResult page = generateSql(parsed.root, context, Walk::FirstPage);
    if (page.error) {
        out.error = std::move(page.error);
        return out;
    }
    out.filter = std::move(page.filter);
    out.countFilter = generateSql(parsed.root, context, Walk::Everything).filter;
    return out;
}

CompiledQuery compileIssueQuery(std::string_view text, Micros now)
{
    QueryContext context;
    context.now = now;
    context.workspaceKnown = false;
    return compileIssueQuery(text, context);
}

} // namespace stackdeck::query

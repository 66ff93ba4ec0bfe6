#pragma once

#include "querycontext.h"
#include "queryerror.h"
#include "querykeys.h"
#include "querylexer.h"
#include "queryplan.h"
#include "store/sqlfilter.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::query {

// Compiles single terms: a free-text word or phrase, or one `key:value`
// filter. Decides what a key means: a built-in key (any spelling), else a tag
// key of the workspace, else an error that suggests the closest known key.
// Values are checked here (levels, statuses, times, counts, projects).
class TermCompiler {
public:
    // nullopt: the term constrains nothing, or it failed (then error() is set).
    using Maybe = std::optional<SqlFilter>;

    explicit TermCompiler(const QueryContext& context);

    // `walk`: how the outer query visits issues at this term (see Walk).
    Maybe text(const QueryValue& value, bool prefix, Walk walk);
    Maybe filter(const Token& filter, Walk walk);
    const std::optional<QueryError>& error() const { return m_error; }

private:
    Maybe fail(std::string message, int position, int length);
    Maybe fail(std::string message, const QueryValue& at);
    bool noComparison(const Token& t, const std::string& name);
    bool singleValue(const Token& t, const std::string& name);
    static std::vector<std::string> texts(const Token& t);

    Maybe builtin(BuiltinKey key, const std::string& name, const Token& t);
    Maybe status(const Token& t);
    Maybe level(const Token& t, const std::string& name);
    Maybe project(const Token& t);
    Maybe has(const Token& t);
    Maybe time(const Token& t, const std::string& name, std::string_view column);
    Maybe count(const Token& t, const std::string& name, std::string_view column);
    Maybe message(const Token& t);

    const QueryContext& m_context;
    std::vector<std::string> m_tagKeys; // sorted
    std::vector<std::string> m_allKeys; // built-in spellings, then tag keys
    std::optional<QueryError> m_error;
    Walk m_walk = Walk::FirstPage; // of the term being compiled
};

} // namespace stackdeck::query

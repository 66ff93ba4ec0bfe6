#include "termcompiler.h"

#include "closestmatch.h"
#include "model/issue.h"
#include "model/level.h"
#include "querykeys.h"
#include "sqlfragments.h"

#include <algorithm>
#include <cctype>

namespace stackdeck::query {

namespace {

namespace f = fragments;

constexpr std::size_t kMinPrefixLength = 3;

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
        [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates)
{
    if (auto best = closestMatch(word, candidates))
        return " \xE2\x80\x94 did you mean " + quoted(*best) + "?";
    return {};
}

std::string_view comparisonText(Comparison c)
{
    switch (c) {
    case Comparison::None:
        return "";
    case Comparison::Equal:
        return "=";
    case Comparison::Greater:
        return ">";
    case Comparison::GreaterEqual:
        return ">=";
    case Comparison::Less:
        return "<";
    case Comparison::LessEqual:
        return "<=";
    }
    return "=";
}

const std::vector<std::string> kIsValues = {"unresolved", "resolved", "ignored", "muted", "archived", "bookmarked",
    "assigned", "unassigned", "deleted", "merged"};
const std::vector<std::string> kLevelValues = {"debug", "info", "warning", "error", "fatal", "log", "critical"};

} // namespace

TermCompiler::TermCompiler(const QueryContext& context)
    : m_context(context)
    , m_tagKeys(context.tagKeys.begin(), context.tagKeys.end())
{
    m_allKeys = builtinKeySpellings();
    m_allKeys.insert(m_allKeys.end(), m_tagKeys.begin(), m_tagKeys.end());
}

TermCompiler::Maybe TermCompiler::fail(std::string message, int position, int length)
{
    if (!m_error)
        m_error = QueryError {std::move(message), position, length};
    return std::nullopt;
}

TermCompiler::Maybe TermCompiler::fail(std::string message, const QueryValue& at)
{
    return fail(std::move(message), at.position, at.length);
}

// Words with nothing the tokenizer indexes (`*`, `^`, `--`) constrain nothing.
TermCompiler::Maybe TermCompiler::text(const QueryValue& value, bool prefix, Walk walk)
{
    if (!hasSearchableText(value.text))
        return std::nullopt;
    std::string expression = ftsString(value.text);
    if (prefix && m_context.prefixLastWord && value.text.size() >= kMinPrefixLength)
        expression += " *";
    return f::textMatch(expression, walk);
}

TermCompiler::Maybe TermCompiler::filter(const Token& t, Walk walk)
{
    m_walk = walk;
    std::optional<BuiltinKey> key;
    if (!t.tagSyntax)
        key = builtinKey(t.key);
    if (!key && m_context.workspaceKnown && !m_context.tagKeys.count(t.key)) {
        const std::string hint = didYouMean(t.key, t.tagSyntax ? m_tagKeys : m_allKeys);
        return fail("unknown search key " + quoted(t.key)
                + (hint.empty() ? std::string(" (no built-in key or tag key has that name; to search for text "
                                              "with a colon, put it in quotes)")
                                : hint),
            t.keyPosition, t.keyLength);
    }
    const std::string name = key ? std::string(builtinKeyName(*key)) : t.key;
    if (t.values.empty())
        return fail("missing value after " + quoted(t.key + ":"), t.position, t.length);
    if (!key)
        return noComparison(t, name) ? Maybe(f::tagValue(t.key, texts(t), m_walk)) : Maybe();
    return builtin(*key, name, t);
}

std::vector<std::string> TermCompiler::texts(const Token& t)
{
    std::vector<std::string> out;
    for (const QueryValue& v : t.values)
        out.push_back(v.text);
    return out;
}

bool TermCompiler::noComparison(const Token& t, const std::string& name)
{
    if (t.comparison == Comparison::None || t.comparison == Comparison::Equal)
        return true;
    fail("comparison " + quoted(comparisonText(t.comparison)) + " does not apply to " + quoted(name),
        t.comparisonPosition, t.comparisonLength);
    return false;
}

bool TermCompiler::singleValue(const Token& t, const std::string& name)
{
    if (t.values.size() == 1)
        return true;
    fail(quoted(name) + " takes a single value, not a list", t.values[1]);
    return false;
}

TermCompiler::Maybe TermCompiler::builtin(BuiltinKey key, const std::string& name, const Token& t)
{
    switch (key) {
    case BuiltinKey::Is:
        return noComparison(t, name) ? status(t) : Maybe();
    case BuiltinKey::Level:
        return level(t, name);
    case BuiltinKey::Release:
    case BuiltinKey::Environment:
        return noComparison(t, name) ? Maybe(f::tagValue(name, texts(t), m_walk)) : Maybe();
    case BuiltinKey::Project:
        return noComparison(t, name) ? project(t) : Maybe();
    case BuiltinKey::Assigned:
        return noComparison(t, name) ? Maybe(f::oneOf("coalesce(i.assignee, '')", texts(t))) : Maybe();
    case BuiltinKey::Has:
        return noComparison(t, name) ? has(t) : Maybe();
    case BuiltinKey::FirstSeen:
    case BuiltinKey::LastSeen:
        return time(t, name, key == BuiltinKey::FirstSeen ? "i.first_seen" : "i.last_seen");
    case BuiltinKey::TimesSeen:
    case BuiltinKey::Users:
        return count(t, name, key == BuiltinKey::TimesSeen ? "i.event_count" : "i.user_count");
    case BuiltinKey::Title:
    case BuiltinKey::Culprit:
        return noComparison(t, name) ? Maybe(f::contains(key == BuiltinKey::Title ? "i.title" : "i.culprit", texts(t)))
                                     : Maybe();
    case BuiltinKey::Message:
        return noComparison(t, name) ? message(t) : Maybe();
    case BuiltinKey::Account:
        return noComparison(t, name) ? Maybe(f::account(texts(t))) : Maybe();
    }
    return std::nullopt;
}

TermCompiler::Maybe TermCompiler::status(const Token& t)
{
    std::vector<SqlFilter> parts;
    for (const QueryValue& v : t.values) {
        const std::string value = lower(v.text);
        if (value == "bookmarked")
            parts.push_back(f::fixed("i.bookmarked <> 0"));
        else if (value == "assigned")
            parts.push_back(f::fixed("coalesce(i.assignee, '') <> ''"));
        else if (value == "unassigned")
            parts.push_back(f::fixed("coalesce(i.assignee, '') = ''"));
        else if (value == "deleted" || value == "merged")
            parts.push_back(f::serverState(value)); // what the server last said of it
        else if (auto s = value == "archived" ? IssueStatus::Ignored : parseIssueStatus(value))
            parts.push_back(f::compare("i.status", "=", static_cast<std::int64_t>(*s)));
        else {
            const std::string hint = didYouMean(v.text, kIsValues);
            return fail("invalid value " + quoted(v.text) + " for 'is'"
                    + (hint.empty() ? " (expected unresolved, resolved, ignored, bookmarked, assigned, unassigned, "
                                      "deleted or merged)"
                                    : hint),
                v);
        }
    }
    return f::orAll(std::move(parts));
}

TermCompiler::Maybe TermCompiler::level(const Token& t, const std::string& name)
{
    std::vector<std::int64_t> levels;
    for (const QueryValue& v : t.values) {
        const auto parsed = parseLevel(lower(v.text));
        if (!parsed) {
            const std::string hint = didYouMean(v.text, kLevelValues);
            return fail("invalid level " + quoted(v.text)
                    + (hint.empty() ? " (expected debug, info, warning, error or fatal)" : hint),
                v);
        }
        levels.push_back(static_cast<std::int64_t>(*parsed));
    }
    if (t.comparison == Comparison::None || t.comparison == Comparison::Equal)
        return f::integerIn("i.level", levels);
    if (!singleValue(t, name))
        return std::nullopt;
    return f::compare("i.level", comparisonText(t.comparison), levels.front());
}

TermCompiler::Maybe TermCompiler::project(const Token& t)
{
    if (m_context.workspaceKnown) {
        const std::vector<std::string> known(m_context.projects.begin(), m_context.projects.end());
        for (const QueryValue& v : t.values) {
            if (!hasWildcard(v.text) && !m_context.projects.count(literalValue(v.text)))
                return fail("unknown project " + quoted(v.text) + didYouMean(v.text, known), v);
        }
    }
    return f::project(texts(t));
}

TermCompiler::Maybe TermCompiler::has(const Token& t)
{
    std::vector<SqlFilter> parts;
    for (const QueryValue& v : t.values) {
        const auto key = builtinKey(v.text);
        if (key == BuiltinKey::Assigned || lower(v.text) == "assignee") {
            parts.push_back(f::fixed("coalesce(i.assignee, '') <> ''"));
        } else if (key == BuiltinKey::Release) {
            // The first/last release columns prove a release tag without touching issue_tags.
            parts.push_back(f::orAll({f::fixed("i.last_release IS NOT NULL"), f::fixed("i.first_release IS NOT NULL"),
                f::hasTag("release", m_walk)}));
        } else if (key == BuiltinKey::Account) {
            parts.push_back(f::fromAnyAccount());
        } else if (lower(v.text) == "note" || lower(v.text) == "notes") {
            parts.push_back(f::hasNote());
        } else if (key == BuiltinKey::Environment) {
            parts.push_back(f::hasTag("environment", m_walk));
        } else if (v.text == "user") {
            // So does a user count: every event with a user identity carries the `user` tag.
            parts.push_back(f::orAll({f::fixed("i.user_count > 0"), f::hasTag("user", m_walk)}));
        } else if (!m_context.workspaceKnown || m_context.tagKeys.count(v.text)) {
            parts.push_back(f::hasTag(v.text, m_walk));
        } else {
            return fail("unknown tag key " + quoted(v.text) + " for has:" + didYouMean(v.text, m_tagKeys), v);
        }
    }
    return f::orAll(std::move(parts));
}

TermCompiler::Maybe TermCompiler::time(const Token& t, const std::string& name, std::string_view column)
{
    if (!singleValue(t, name))
        return std::nullopt;
    const QueryValue& v = t.values.front();
    const auto range = parseTimeValue(v.text, t.comparison, m_context.now);
    if (!range)
        return fail("invalid time " + quoted(v.text) + " for " + quoted(name)
                + " (expected a relative time like -24h, -7d, -30m, -2w, +1d or a date like 2024-05-01 or "
                  "2024-05-01T10:00)",
            v);
    return f::timeRange(column, *range);
}

TermCompiler::Maybe TermCompiler::count(const Token& t, const std::string& name, std::string_view column)
{
    if (!singleValue(t, name))
        return std::nullopt;
    const QueryValue& v = t.values.front();
    const auto n = parseCount(v.text);
    if (!n)
        return fail("invalid number " + quoted(v.text) + " for " + quoted(name) + " (expected like 10 or 5k)", v);
    const std::string_view op = t.comparison == Comparison::None ? "=" : comparisonText(t.comparison);
    return f::compare(column, op, *n);
}

TermCompiler::Maybe TermCompiler::message(const Token& t)
{
    std::vector<SqlFilter> parts;
    for (const QueryValue& v : t.values) {
        auto part = text(v, false, m_walk);
        if (!part)
            return std::nullopt; // nothing searchable: matches everything, so does the list
        parts.push_back(std::move(*part));
    }
    return f::orAll(std::move(parts));
}

} // namespace stackdeck::query

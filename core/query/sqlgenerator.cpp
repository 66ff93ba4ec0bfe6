#include "sqlgenerator.h"

#include "sqlfragments.h"
#include "termcompiler.h"

namespace stackdeck::query {

namespace {

namespace f = fragments;

class Generator {
public:
    Generator(const QueryContext& context, Walk walk)
        : m_terms(context)
        , m_walk(walk)
    {
    }

    GenerateResult run(const std::optional<QueryNode>& root)
    {
        GenerateResult out;
        if (!root)
            return out;
        auto filter = visit(*root, m_walk);
        if (m_terms.error())
            out.error = m_terms.error();
        else if (filter)
            out.filter = std::move(*filter);
        return out;
    }

private:
    using Maybe = TermCompiler::Maybe; // nullopt: no constraint, or an error

    Maybe visit(const QueryNode& node, Walk walk)
    {
        switch (node.kind) {
        case QueryNode::Kind::And:
        case QueryNode::Kind::Or: {
            std::vector<SqlFilter> parts;
            bool unconstrained = false;
            for (const QueryNode& child : node.children) {
                auto part = visit(child, walk);
                if (m_terms.error())
                    return std::nullopt;
                if (part)
                    parts.push_back(std::move(*part));
                else
                    unconstrained = true;
            }
            // A part that constrains nothing is TRUE: it drops out of an AND and decides an OR.
            if (node.kind == QueryNode::Kind::Or)
                return unconstrained ? Maybe() : f::orAll(std::move(parts));
            return parts.empty() ? Maybe() : f::andAll(std::move(parts));
        }
        case QueryNode::Kind::Not: {
            // Few issues pass a negated common term, so a first page walks nearly all of
            // them (and a doubly negated one few again); a count walks all issues anyway.
            Walk inside = walk == Walk::FirstPage ? Walk::Everything : Walk::FirstPage;
            if (m_walk == Walk::Everything)
                inside = Walk::Everything;
            auto inner = visit(node.children.front(), inside);
            if (m_terms.error())
                return std::nullopt;
            return inner ? f::negate(std::move(*inner)) : f::fixed("0");
        }
        case QueryNode::Kind::Text:
            return m_terms.text(node.text, node.prefix, walk);
        case QueryNode::Kind::Filter:
            return m_terms.filter(node.filter, walk);
        }
        return std::nullopt;
    }

    TermCompiler m_terms;
    Walk m_walk;
};

} // namespace

GenerateResult generateSql(const std::optional<QueryNode>& root, const QueryContext& context, Walk walk)
{
    return Generator(context, walk).run(root);
}

} // namespace stackdeck::query

#include "enhancementrule.h"

namespace stackdeck::grouping {

namespace {

std::string_view fieldName(MatchField f)
{
    switch (f) {
    case MatchField::Function:
        return "function";
    case MatchField::Module:
        return "module";
    case MatchField::Category:
        return "category";
    case MatchField::Path:
        return "path";
    case MatchField::Package:
        return "package";
    case MatchField::Family:
        return "family";
    case MatchField::App:
        return "app";
    case MatchField::Type:
        return "type";
    case MatchField::Value:
        return "value";
    case MatchField::Mechanism:
        return "mechanism";
    }
    return {};
}

} // namespace

// The server prints matchers with their canonical key and the pattern as
// written (no quotes), callers as `[m] |` and callees as `| [m]`.
std::string EnhancementMatcher::describe() const
{
    std::string out;
    if (offset == FrameOffset::Caller)
        out += '[';
    else if (offset == FrameOffset::Callee)
        out += "| [";
    if (negated)
        out += '!';
    out += fieldName(field);
    out += ':';
    out += pattern;
    if (offset == FrameOffset::Caller)
        out += "] |";
    else if (offset == FrameOffset::Callee)
        out += ']';
    return out;
}

std::string EnhancementAction::describe() const
{
    switch (kind) {
    case ActionKind::App:
    case ActionKind::Group: {
        std::string out;
        if (range == ActionRange::Up)
            out += '^';
        else if (range == ActionRange::Down)
            out += 'v';
        out += flag ? '+' : '-';
        out += kind == ActionKind::App ? "app" : "group";
        return out;
    }
    case ActionKind::Category:
        return "category=" + category;
    case ActionKind::MaxFrames:
        return "max-frames=" + std::to_string(number);
    case ActionKind::MinFrames:
        return "min-frames=" + std::to_string(number);
    case ActionKind::InvertStacktrace:
        return std::string("invert-stacktrace=") + (flag ? "true" : "false");
    }
    return {};
}

void EnhancementRule::finalize()
{
    text.clear();
    auto append = [this](const std::string& part) {
        if (!text.empty())
            text += ' ';
        text += part;
    };
    for (const auto& m : exceptionMatchers)
        append(m.describe());
    for (const auto& m : frameMatchers)
        append(m.describe());
    for (const auto& a : actions)
        append(a.describe());

    ignoredHint = "ignored by stack trace rule (" + text + ")";
    unignoredHint = "un-ignored by stack trace rule (" + text + ")";
    inAppHint = "marked in-app by stack trace rule (" + text + ")";
    outOfAppHint = "marked out of app by stack trace rule (" + text + ")";

    familyMask = kFamilyAll;
    for (const auto& m : frameMatchers) {
        if (m.field == MatchField::Family && m.offset == FrameOffset::None && !m.negated)
            familyMask &= m.families;
    }
    hasModifier = false;
    hasUpdater = false;
    for (const auto& a : actions) {
        hasModifier = hasModifier || a.isModifier();
        hasUpdater = hasUpdater || a.isUpdater();
    }
}

} // namespace stackdeck::grouping

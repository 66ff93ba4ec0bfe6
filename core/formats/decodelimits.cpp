#include "decodelimits.h"

#include <algorithm>
#include <array>
#include <string>

namespace stackdeck::detail {

namespace {

struct PathPart {
    std::string_view name;
    std::size_t index = TrimPath::kNoIndex;
};

constexpr std::size_t kMaxPathDepth = 8;

struct TrimState {
    std::vector<Trim>* out = nullptr;
    std::size_t framesLeft = limits::kFramesPerEvent;
    std::array<PathPart, kMaxPathDepth> path {};
    std::size_t depth = 0; // may exceed kMaxPathDepth; deeper parts are not named
};

thread_local TrimState t_state;

} // namespace

TrimScope::TrimScope(std::vector<Trim>& out)
    : m_outer(t_state.out == nullptr)
{
    if (m_outer) {
        t_state.out = &out;
        t_state.framesLeft = limits::kFramesPerEvent;
        t_state.depth = 0;
    }
}

TrimScope::~TrimScope()
{
    if (m_outer)
        t_state.out = nullptr;
}

TrimPath::TrimPath(std::string_view name, std::size_t index)
{
    if (t_state.depth < kMaxPathDepth)
        t_state.path[t_state.depth] = PathPart {name, index};
    ++t_state.depth;
}

TrimPath::~TrimPath()
{
    --t_state.depth;
}

void recordTrim(std::string_view field, std::size_t original, std::size_t kept)
{
    if (!t_state.out)
        return;
    std::string path;
    const std::size_t named = std::min(t_state.depth, kMaxPathDepth);
    for (std::size_t i = 0; i < named; ++i) {
        const PathPart& part = t_state.path[i];
        path.append(part.name);
        if (part.index != TrimPath::kNoIndex)
            path.append(".").append(std::to_string(part.index));
        path.push_back('.');
    }
    path.append(field);
    // A pathological event could trim in every one of its containers: keep the report itself bounded.
    constexpr std::size_t kMaxTrimsKept = 100;
    if (t_state.out->size() < kMaxTrimsKept)
        t_state.out->push_back(Trim {std::move(path), original, kept});
}

void limitChars(std::string_view field, std::string& text, std::size_t maxChars)
{
    if (text.size() <= maxChars)
        return; // bytes >= characters
    // Characters are UTF-8 lead bytes (the parser repaired invalid UTF-8 before).
    auto isLead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    std::size_t chars = 0;
    std::size_t cut = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isLead(text[i]))
            continue;
        if (chars == maxChars - 3)
            cut = i;
        ++chars;
    }
    if (chars <= maxChars)
        return;
    recordTrim(field, chars, maxChars);
    text.resize(cut);
    text += "...";
}

std::size_t takeFrameBudget(std::size_t wanted)
{
    const std::size_t granted = std::min(wanted, t_state.framesLeft);
    t_state.framesLeft -= granted;
    return granted;
}

KeptRange keepWithin(std::string_view field, std::size_t size, std::size_t limit, bool keepLast)
{
    if (size <= limit)
        return {0, size};
    recordTrim(field, size, limit);
    return {keepLast ? size - limit : 0, limit};
}

} // namespace stackdeck::detail

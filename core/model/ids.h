#pragma once

#include <QMetaType>

#include <cstdint>
#include <functional>

namespace stackdeck {

// Strong row ids: an issue id cannot be passed where an event row is expected.
template <typename Tag> struct RowId {
    std::int64_t value = 0;

    constexpr RowId() = default;
    constexpr explicit RowId(std::int64_t v)
        : value(v)
    {
    }
    constexpr bool isValid() const { return value > 0; }
    constexpr auto operator<=>(
        const RowId&) const = default; // NOLINT(modernize-use-nullptr): clang-tidy 14 false positive
};

using EventRowId = RowId<struct EventRowIdTag>;
using IssueId = RowId<struct IssueIdTag>;
using ProjectId = RowId<struct ProjectIdTag>;
using SourceId = RowId<struct SourceIdTag>;

} // namespace stackdeck

template <typename Tag> struct std::hash<stackdeck::RowId<Tag>> {
    std::size_t operator()(const stackdeck::RowId<Tag>& id) const noexcept
    {
        return std::hash<std::int64_t> {}(id.value);
    }
};

Q_DECLARE_METATYPE(stackdeck::EventRowId)
Q_DECLARE_METATYPE(stackdeck::IssueId)
Q_DECLARE_METATYPE(stackdeck::ProjectId)
Q_DECLARE_METATYPE(stackdeck::SourceId)

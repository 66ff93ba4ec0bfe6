#pragma once

// Limits EventWriter's files share (eventwriter*.cpp); not for other callers.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stackdeck::store::writerlimits {

inline constexpr std::int64_t kSearchRowsPerIssue = 1 << 20; // row id = issue << 20 | n
inline constexpr std::int64_t kMaxSearchRowsPerIssue = 2000; // distinct texts indexed per issue
inline constexpr std::size_t kHashCacheLimit = 500'000;
inline constexpr std::size_t kMaxSearchRowBytes = 16 * 1024;
// Frame terms and whole texts share issue_texts; the salt keeps a term from
// passing for a text that happens to read the same.
inline constexpr std::string_view kFrameTermSalt = "\x1f"
                                                   "frame";
// And a whole list of them (every term of the list is in issue_texts too).
inline constexpr std::string_view kFrameTermListSalt = "\x1f"
                                                       "frames";

} // namespace stackdeck::store::writerlimits

#pragma once

#include "glob.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// Many globs tested against one value at once, like Rust's `GlobSet`. Globs
// are bucketed by the first byte of their literal prefix, so a value is only
// tried against the globs that can possibly match its first byte.
class GlobSet {
public:
    // Path-like sets retry a value that does not start with '/' as "/value"
    // (the server's path and package matchers).
    explicit GlobSet(bool pathLike = false)
        : m_pathLike(pathLike)
    {
    }

    std::uint32_t add(Glob glob); // returns the glob's index
    std::size_t size() const { return m_globs.size(); }
    std::size_t words() const { return (m_globs.size() + 63) / 64; }

    // Sets bit i of `out` (words() words, zeroed by the caller) for every glob i matching `value`.
    void match(std::string_view value, std::uint64_t* out) const;

private:
    void tryBucket(
        const std::vector<std::uint32_t>& bucket, std::string_view value, bool slashPrefix, std::uint64_t* out) const;

    bool m_pathLike;
    std::vector<Glob> m_globs;
    std::array<std::vector<std::uint32_t>, 256> m_byFirstByte; // folded first byte of the prefix
    std::vector<std::uint32_t> m_unanchored; // no literal prefix
};

} // namespace stackdeck::grouping

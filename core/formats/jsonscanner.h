#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stackdeck {

// Finds where one JSON value ends without parsing it: only strings and bracket
// nesting are followed, so it runs at memchr speed through string content.
// Resumable: the bytes of one value may arrive in pieces. Iterative, so any
// nesting depth is fine (the parser enforces its own depth limit later).
class JsonValueScanner {
public:
    enum class Status { NeedMore, Complete, Malformed };

    // Starts a new value; the first byte scanned must be its first byte.
    void reset();
    // Scans data[pos, size). On Complete `pos` is one past the value's last byte;
    // on NeedMore it equals `size`. Data before `pos` may be dropped between
    // calls (scanning continues from the saved state).
    Status scan(const char* data, std::size_t size, std::size_t& pos);
    // The input ended: a bare number or literal is complete, anything else is truncated.
    Status finish();

    bool inProgress() const { return m_kind != Kind::None; }
    std::size_t depth() const { return m_stack.size(); }
    const std::string& problem() const { return m_problem; }

private:
    enum class Kind { None, Container, String, Scalar };
    std::size_t scanString(const char* data, std::size_t size, std::size_t p, bool& closed);

    Kind m_kind = Kind::None;
    std::vector<char> m_stack; // expected closing brackets
    bool m_inString = false;
    bool m_escape = false; // a backslash ended the previous piece
    std::string m_problem;
};

inline bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace stackdeck

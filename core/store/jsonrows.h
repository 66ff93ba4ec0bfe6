#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::store {

// Builds a JSON array of rows ([[1,"a",null],[2,"b",3.5]]) to hand a whole
// batch to one SQL statement through json_each(): one statement per batch
// instead of one per row, which is what bounds SQLite insert rates.
class JsonRows {
public:
    void beginRow();
    void endRow();
    JsonRows& add(std::int64_t value);
    JsonRows& add(double value);
    JsonRows& add(std::string_view text);
    JsonRows& addNull();
    JsonRows& addOrNull(std::string_view text) { return text.empty() ? addNull() : add(text); }
    template <typename T> JsonRows& add(const std::optional<T>& value) { return value ? add(*value) : addNull(); }

    const std::string& text();
    std::size_t rows() const { return m_rows; }
    bool empty() const { return m_rows == 0; }
    void clear();

private:
    void separator();
    std::string m_text = "[";
    std::size_t m_rows = 0;
    bool m_firstInRow = true;
    bool m_closed = false;
};

} // namespace stackdeck::store

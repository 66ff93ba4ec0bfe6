#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stackdeck {

// Errors that cross module boundaries are values. A small stand-in for
// std::expected (not in GCC 12's C++20 library).
struct Error {
    std::string message;
};

template <typename T> class Result {
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing on success.
struct Ok { };
using Status = Result<Ok>;

} // namespace stackdeck

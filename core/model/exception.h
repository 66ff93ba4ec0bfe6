#pragma once

#include "frame.h"
#include "rawjson.h"

#include <cstdint>
#include <optional>
#include <string>

namespace stackdeck {

// NSError info from mechanism.meta.ns_error. Grouping hashes domain and code
// exactly as sent (code as its decimal text, a missing domain as "None").
struct NsError {
    std::optional<std::string> domain;
    std::optional<std::string> code; // the JSON scalar rendered as Python str() would
    bool operator==(const NsError&) const = default;
};

struct Mechanism {
    std::string type;
    std::optional<bool> handled;
    std::optional<bool> synthetic;
    std::string description;
    std::string helpLink;
    std::string source; // "__cause__", "exceptions[1]", "errors[0]"...
    std::optional<bool> isExceptionGroup;
    std::optional<std::uint64_t> exceptionId;
    std::optional<std::uint64_t> parentId;
    std::optional<NsError> nsError;
    RawJson data;
    RawJson meta; // signal, mach_exception, errno, ns_error as sent

    bool operator==(const Mechanism&) const = default;
};

// One element of the exception chain. The chain is ordered oldest first: the
// last element is the exception that was actually reported.
struct ExceptionValue {
    std::string type;
    std::string value; // non-string values are kept JSON-encoded, as Relay does
    std::string module;
    std::string threadId; // int or string in the wild; kept as text
    std::optional<Stacktrace> stacktrace;
    std::optional<Stacktrace> rawStacktrace;
    std::optional<Mechanism> mechanism;

    bool operator==(const ExceptionValue&) const = default;
};

} // namespace stackdeck

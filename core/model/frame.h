#pragma once

#include "rawjson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

// One stack frame, every field of the protocol. Frames are ordered caller
// first: the crashing frame is the last one of its stack trace.
struct Frame {
    std::string function;
    std::string rawFunction;
    std::string symbol;
    std::string module;
    std::string filename;
    std::string absPath;
    std::string package;
    std::string platform; // per-frame override of the event platform; empty = inherit

    std::optional<std::int64_t> lineno; // SDK bugs give 0 or negative values; kept as sent
    std::optional<std::int64_t> colno;

    std::string contextLine;
    std::vector<std::string> preContext; // JSON null elements become empty lines
    std::vector<std::string> postContext;

    std::optional<bool> inApp; // absent = unknown
    RawJson vars;

    std::optional<std::uint64_t> instructionAddr;
    std::optional<std::uint64_t> symbolAddr;
    std::optional<std::uint64_t> imageAddr;
    std::optional<std::uint64_t> functionId;
    std::string addrMode;

    RawJson data; // processor annotations: orig_in_app, sourcemap, category, symbolicator_status...
    RawJson lock;
    std::optional<bool> stackStart;
    std::string trust;
    std::string sourceLink; // API shape only

    bool operator==(const Frame&) const = default;
};

struct Stacktrace {
    std::vector<Frame> frames;
    RawJson registers;
    std::string lang;
    std::optional<bool> snapshot;
    std::string instructionAddrAdjustment;
    std::optional<std::int64_t> framesOmitted0; // API "framesOmitted": [start, end]
    std::optional<std::int64_t> framesOmitted1;

    bool operator==(const Stacktrace&) const = default;
};

} // namespace stackdeck

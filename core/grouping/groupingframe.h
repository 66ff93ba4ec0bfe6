#pragma once

#include "functiontrim.h"
#include "model/exception.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// A frame as grouping sees it after the server's stack trace normalisation
// (docs/grouping-algorithm.md §1 step 2): in-app restored and decided,
// function names trimmed, JavaScript query strings gone, categories set by
// stack trace rules. All strings are views into the event or the tree's store,
// so building one costs no allocation in the common case.
struct GroupingFrame {
    const Frame* source = nullptr;
    std::string_view function; // trimmed where the platform trims
    std::string_view rawFunction; // the untrimmed name when trimming changed it
    std::string_view module;
    std::string_view filename;
    std::string_view absPath;
    std::string_view package;
    std::string_view contextLine;
    std::string_view platform; // the frame's, else the event's
    std::string_view category; // empty: none
    std::optional<std::int64_t> lineno;
    std::optional<std::int64_t> colno;
    std::optional<bool> inApp; // always set once normalisation is done
    // The client's value when a rule changed in_app (-1: it was unset);
    // nullopt when nothing was recorded. Restored from data.orig_in_app.
    std::optional<int> origInApp;
    Family family = Family::Other;
    bool sourcemap = false; // data.sourcemap present

    // The name stack trace rules match: the trimmed function or "<unknown>".
    std::string_view matchFunction() const { return function.empty() ? std::string_view("<unknown>") : function; }
    std::string_view matchPath() const { return absPath.empty() ? filename : absPath; }
    bool app() const { return inApp.value_or(false); }
};

// The exception that owns a stack trace, for rules with error.* matchers.
struct ExceptionData {
    std::string_view type;
    std::string_view value;
    std::string_view mechanism;
    bool hasType = false;
    bool hasValue = false;
    bool hasMechanism = false;
};

struct GroupingStacktrace {
    const Stacktrace* source = nullptr;
    std::vector<GroupingFrame> frames;
    ExceptionData exception;
    bool fromException = false;
    // (rule index, frame index) for every update-pass rule that matches,
    // in rule order; computed once and shared by the app and system variants.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> updateMatches;
    bool updateMatchesReady = false;
    // Per frame, which rules' static matchers pass (EnhancementIndex), and their union.
    std::vector<std::uint64_t> staticBits;
    std::vector<std::uint64_t> staticUnion;
};

// What grouping needs from `frame.data` (a JSON object kept as text).
struct FrameDataInfo {
    std::optional<int> origInApp;
    std::string_view category; // raw JSON string content (no escapes), empty: none
    bool sourcemap = false;
};
FrameDataInfo parseFrameData(std::string_view json);

} // namespace stackdeck::grouping

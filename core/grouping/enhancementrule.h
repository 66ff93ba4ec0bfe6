#pragma once

#include "glob.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::grouping {

// Families as a bit set, the way the server's rule engine stores them.
enum FamilyBits : std::uint8_t {
    kFamilyOther = 0b001,
    kFamilyNative = 0b010,
    kFamilyJavaScript = 0b100,
    kFamilyAll = 0xFF,
};

enum class MatchField : std::uint8_t { Function, Module, Category, Path, Package, Family, App, Type, Value, Mechanism };
enum class FrameOffset : std::uint8_t { None, Caller, Callee };

struct EnhancementMatcher {
    MatchField field = MatchField::Function;
    FrameOffset offset = FrameOffset::None;
    bool negated = false;
    std::string pattern; // as written, after unescaping
    std::optional<Glob> glob; // string fields
    std::uint8_t families = 0; // Family
    bool expectedInApp = false; // App

    bool isExceptionMatcher() const
    {
        return field == MatchField::Type || field == MatchField::Value || field == MatchField::Mechanism;
    }
    std::string describe() const;
};

enum class ActionKind : std::uint8_t { App, Group, Category, MaxFrames, MinFrames, InvertStacktrace };
enum class ActionRange : std::uint8_t { Self, Up, Down }; // Up: frames after (toward the crash), Down: before

struct EnhancementAction {
    ActionKind kind = ActionKind::App;
    ActionRange range = ActionRange::Self;
    bool flag = false; // App, Group, InvertStacktrace
    std::size_t number = 0; // MaxFrames, MinFrames
    std::string category; // Category

    bool isModifier() const { return kind == ActionKind::App || kind == ActionKind::Category; }
    bool isUpdater() const { return kind != ActionKind::Category; }
    std::string describe() const;
};

// One stack trace rule: all matchers must match a frame; then its actions apply.
struct EnhancementRule {
    std::vector<EnhancementMatcher> exceptionMatchers;
    std::vector<EnhancementMatcher> frameMatchers; // main ones first, then caller, then callee
    std::vector<EnhancementAction> actions;
    bool custom = false;
    int line = 0;

    // Derived at parse time.
    std::string text; // how the server prints the rule in hints
    std::string ignoredHint; // "ignored by stack trace rule (...)"
    std::string unignoredHint;
    std::string inAppHint; // "marked in-app by stack trace rule (...)"
    std::string outOfAppHint;
    std::uint8_t familyMask = kFamilyAll; // frames whose family is outside never match
    bool hasModifier = false;
    bool hasUpdater = false;

    void finalize();
};

} // namespace stackdeck::grouping

#pragma once

#include <string>
#include <string_view>

namespace stackdeck::grouping {

// The frame's behaviour family (sentry `get_behavior_family_for_platform`).
enum class Family : unsigned char { Other, Native, JavaScript };
Family familyForPlatform(std::string_view platform);
std::string_view familyName(Family family);

// Sentry's `trim_function_name` (docs/grouping-algorithm.md §8): C# loses its
// argument list, native names (C, C++, Objective-C, Swift, Rust, MSVC) are
// reduced to the qualified function name; every other platform is unchanged.
std::string trimFunctionName(std::string_view function, std::string_view platform);
std::string trimNativeFunctionName(std::string_view function, std::string_view platform);
std::string trimCsharpFunctionName(std::string_view function);

// Whether trimming can change the name at all on this platform.
bool platformTrimsFunctions(std::string_view platform);

} // namespace stackdeck::grouping

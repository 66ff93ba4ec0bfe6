#pragma once

#include "store/redactionrules.h"
#include "util/result.h"

#include <vector>

namespace stackdeck::report {

// A rule a user typed (CLI or the rules editor), checked before it is kept:
// the pattern is not empty nor over 4096 bytes, a regex compiles (the error
// says what is wrong and at which offset), and the same kind and pattern is
// not kept twice. An empty name becomes the pattern, as stored rules do.
Result<store::RedactionRule> checkRedactionRule(
    store::RedactionRule rule, const std::vector<store::RedactionRule>& existing);

std::string redactionRuleKindName(store::RedactionRule::Kind kind); // key, regex

} // namespace stackdeck::report

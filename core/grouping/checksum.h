#pragma once

#include "grouping.h"

namespace stackdeck::grouping {

// §12: a client checksum replaces everything else. 32 lowercase hex digits
// are used as they are (`checksum`); anything else is MD5'd
// (`hashed-checksum`) and, when at most 32 characters, also kept raw.
std::vector<GroupingVariant> checksumVariants(std::string_view checksum);

} // namespace stackdeck::grouping

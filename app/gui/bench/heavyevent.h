#pragma once

#include <string>

namespace stackdeck::bench {

// One error event at the limits the workbench must stay fast for:
// 100 frames x 50 variables, 500 breadcrumbs and a 1 MB request body.
std::string heavyEventJson();

} // namespace stackdeck::bench

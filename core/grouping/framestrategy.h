#pragma once

#include "componenttree.h"
#include "groupingframe.h"

namespace stackdeck::grouping {

// The `frame:v1` strategy with the `newstyle:2023-01-11` flags
// (docs/grouping-algorithm.md §7): a `frame` component over module,
// filename, function and, for JavaScript/Node/Python/PHP/Ruby, the context
// line. Returns the frame node as the `system` variant sees it.
ComponentTree::NodeId buildFrameComponent(ComponentTree& tree, const GroupingFrame& frame, bool isRecursion);

// Two frames are a direct recursion when these seven fields are equal.
bool isRecursiveFrame(const GroupingFrame& frame, const GroupingFrame& previous);

} // namespace stackdeck::grouping

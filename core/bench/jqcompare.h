#pragma once

#include <string>
#include <vector>

namespace stackdeck::bench {

struct JqRun {
    bool found = false; // jq is on the PATH
    bool ran = false; // and exited 0
    double seconds = 0;
    std::string error; // why it did not run, when found
};

// What a user does by hand with an export: `jq -c .event_id FILE...` over the
// same NDJSON files, output discarded, timed from its start to its exit.
// The one place the benchmarks run jq.
JqRun runJq(const std::vector<std::string>& files);

} // namespace stackdeck::bench

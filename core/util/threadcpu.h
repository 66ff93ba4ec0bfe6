#pragma once

namespace stackdeck {

// CPU time (user + system) the calling thread has used so far, in seconds;
// 0 where the platform cannot tell. For benchmarks that show which stage of
// a pipeline a run spent its CPU in.
double currentThreadCpuSeconds();

} // namespace stackdeck

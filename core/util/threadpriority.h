#pragma once

namespace stackdeck {

// Lowers the calling thread's scheduling priority (a nice value of +10 on
// Linux; elsewhere nothing). For the parallel stages of a pipeline whose
// serial stage is the bottleneck: on 2 cores, 2 decode workers at the
// writer's priority took a third of its core away, and the whole import
// waited on the writer.
void lowerCurrentThreadPriority();

} // namespace stackdeck

#include "threadpriority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace stackdeck {

void lowerCurrentThreadPriority()
{
#ifdef __linux__
    // On Linux a nice value belongs to a thread, named by its id.
    constexpr int kNice = 10;
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice); // best effort: a failure changes nothing
#endif
}

} // namespace stackdeck

#include "threadcpu.h"

#ifdef __linux__
#include <sys/resource.h>
#endif

namespace stackdeck {

double currentThreadCpuSeconds()
{
#ifdef RUSAGE_THREAD
    rusage usage {};
    if (getrusage(RUSAGE_THREAD, &usage) != 0)
        return 0;
    auto seconds
        = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
#else
    return 0;
#endif
}

} // namespace stackdeck

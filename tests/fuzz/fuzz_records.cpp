// libFuzzer entry point; the logic is in fuzztargets.h (shared with tst_fuzzregressions).
#include "fuzztargets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    stackdeck::fuzz::abortOn(stackdeck::fuzz::runRecords(data, size));
    return 0;
}

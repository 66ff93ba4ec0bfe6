#include "scalebench.h"

#include "jqcompare.h"
#include "store/sqlprofile.h"
#include "store/workspace.h"

#include <chrono>
#include <filesystem>
#include <system_error>

namespace stackdeck::bench {

std::int64_t ScaleBenchResult::records() const
{
    std::int64_t n = 0;
    for (const ScaleSlice& s : slices)
        n += s.records;
    return n;
}

double ScaleBenchResult::seconds() const
{
    double t = 0;
    for (const ScaleSlice& s : slices)
        t += s.seconds;
    return t;
}

double ScaleBenchResult::jqSeconds() const
{
    double t = 0;
    for (const ScaleSlice& s : slices) {
        if (s.jqSeconds < 0)
            return -1;
        t += s.jqSeconds;
    }
    return slices.empty() ? -1 : t;
}

ScaleBenchResult runScaleBench(const std::string& workspace, const NextSlice& nextSlice, const ImportOptions& options,
    const ScaleBenchOptions& scaleOptions, const std::function<void(const ScaleSlice&)>& sliceDone)
{
    ScaleBenchResult result;
    std::int64_t inputBytes = 0;
    bool timeJq = scaleOptions.jq;
    std::string file;
    while (nextSlice(file, result.error)) {
        ScaleSlice slice;
        std::error_code ec;
        const auto size = std::filesystem::file_size(file, ec);
        inputBytes += ec ? 0 : static_cast<std::int64_t>(size);
        slice.inputBytes = inputBytes;
        const auto started = std::chrono::steady_clock::now();
        const ImportSummary s = ImportJob(workspace, options).run({file});
        slice.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!s.fatalError.empty()) {
            result.error = file + ": " + s.fatalError;
            return result;
        }
        slice.records = s.records;
        slice.stored = s.events + s.transactions;
        slice.rejected = s.rejectedCount;
        slice.writerCpuSeconds = s.cpu.writer;
        slice.workspaceBytes = workspaceBytesOnDisk(workspace);
        if (timeJq) {
            const JqRun jq = runJq({file});
            if (jq.ran) {
                slice.jqSeconds = jq.seconds;
            } else {
                result.jqFound = jq.found;
                result.jqError = jq.error;
                timeJq = false; // one failure says jq cannot be compared with
            }
        }
        if (scaleOptions.deleteSlices) {
            std::error_code removeError;
            std::filesystem::remove(file, removeError);
        }
        sql::printProfileAndRestart(("after slice " + std::to_string(result.slices.size() + 1)).c_str());
        result.slices.push_back(slice);
        if (sliceDone)
            sliceDone(slice);
    }
    return result;
}

std::int64_t workspaceBytesOnDisk(const std::string& workspace)
{
    {
        auto opened = store::Workspace::open(workspace);
        if (!opened)
            return -1;
    } // closed: the last connection checkpoints and removes the WAL
    const std::filesystem::path path(workspace);
    const std::string name = path.filename().string();
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::int64_t bytes = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string other = entry.path().filename().string();
        const bool sideFile = other.size() > name.size() && other.compare(0, name.size(), name) == 0
            && (other[name.size()] == '-' || other[name.size()] == '.');
        std::error_code sizeError;
        if ((other == name || sideFile) && entry.is_regular_file(sizeError)) {
            const auto size = entry.file_size(sizeError);
            if (!sizeError)
                bytes += static_cast<std::int64_t>(size);
        }
    }
    return ec ? -1 : bytes;
}

} // namespace stackdeck::bench

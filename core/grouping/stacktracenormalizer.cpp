// Stack trace normalisation for grouping (sentry
// src/sentry/stacktraces/processing.py `normalize_stacktraces_for_grouping`),
// done on lightweight views so the event itself is never copied or changed.

#include "groupingcontext.h"

namespace stackdeck::grouping {

namespace {

// urlparse(filename).query removed together with its '?'.
std::string_view stripQuery(std::string_view filename, ComponentTree& store)
{
    const auto q = filename.find('?');
    if (q == std::string_view::npos)
        return filename;
    const auto hash = filename.find('#', q);
    const std::size_t queryEnd = hash == std::string_view::npos ? filename.size() : hash;
    if (queryEnd == q + 1)
        return filename; // empty query: nothing to strip
    if (queryEnd == filename.size())
        return filename.substr(0, q);
    return store.store(std::string(filename.substr(0, q)) + std::string(filename.substr(queryEnd)));
}

GroupingFrame makeFrame(const Frame& src, const Event& event, ComponentTree& store)
{
    GroupingFrame f;
    f.source = &src;
    f.platform = src.platform.empty() ? std::string_view(event.platform) : std::string_view(src.platform);
    f.family = familyForPlatform(f.platform);
    f.module = src.module;
    f.filename = src.filename;
    f.absPath = src.absPath;
    f.package = src.package;
    f.contextLine = src.contextLine;
    f.lineno = src.lineno;
    f.colno = src.colno;
    f.function = src.function;
    f.rawFunction = src.rawFunction;
    f.inApp = src.inApp;

    if (!src.data.text.empty()) {
        const FrameDataInfo data = parseFrameData(src.data.text);
        f.sourcemap = data.sourcemap;
        f.category = data.category;
        if (data.origInApp) {
            // A stored event: put the client's own value back before the rules run again.
            f.origInApp = data.origInApp;
            if (*data.origInApp < 0)
                f.inApp.reset();
            else
                f.inApp = *data.origInApp == 1;
        }
    }

    if (f.rawFunction.empty() && !f.function.empty() && platformTrimsFunctions(f.platform)) {
        std::string trimmed = trimFunctionName(f.function, f.platform);
        if (trimmed != f.function) {
            f.rawFunction = f.function;
            f.function = store.store(std::move(trimmed));
        }
    }
    if (event.platform == "javascript" && !f.filename.empty())
        f.filename = stripQuery(f.filename, store);
    return f;
}

void buildStacktrace(GroupingStacktrace& st, const Stacktrace& src, const Event& event,
    const Enhancements& enhancements, ComponentTree& store)
{
    st.source = &src;
    st.frames.clear();
    st.frames.reserve(src.frames.size());
    for (const Frame& frame : src.frames)
        st.frames.push_back(makeFrame(frame, event, store));

    std::vector<std::optional<bool>> before;
    before.reserve(st.frames.size());
    for (const auto& f : st.frames)
        before.push_back(f.inApp);
    enhancements.applyModifications(st);
    for (std::size_t i = 0; i < st.frames.size(); ++i) {
        GroupingFrame& f = st.frames[i];
        if (!f.inApp)
            f.inApp = false;
        // The server records the client's value the first time it changes.
        if (!f.origInApp && before[i] != f.inApp)
            f.origInApp = before[i] ? (*before[i] ? 1 : 0) : -1;
    }
}

} // namespace

void normalizeStacktraces(
    const Event& event, const Enhancements& enhancements, ComponentTree& store, NormalizedStacktraces& out)
{
    out.clear();
    std::size_t count = event.stacktrace ? 1 : 0;
    for (const auto& ex : event.exceptions)
        count += ex.stacktrace ? 1 : 0;
    for (const auto& th : event.threads)
        count += th.stacktrace ? 1 : 0;
    out.all.resize(count);

    std::size_t next = 0;
    for (const auto& ex : event.exceptions) {
        if (!ex.stacktrace) {
            out.byException.push_back(-1);
            continue;
        }
        GroupingStacktrace& st = out.all[next];
        st.fromException = true;
        st.exception.type = ex.type;
        st.exception.hasType = !ex.type.empty();
        st.exception.value = ex.value;
        st.exception.hasValue = !ex.value.empty();
        if (ex.mechanism) {
            st.exception.mechanism = ex.mechanism->type;
            st.exception.hasMechanism = !ex.mechanism->type.empty();
        }
        buildStacktrace(st, *ex.stacktrace, event, enhancements, store);
        out.byException.push_back(int(next++));
    }
    if (event.stacktrace) {
        buildStacktrace(out.all[next], *event.stacktrace, event, enhancements, store);
        out.topLevel = int(next++);
    }
    for (const auto& th : event.threads) {
        if (!th.stacktrace) {
            out.byThread.push_back(-1);
            continue;
        }
        buildStacktrace(out.all[next], *th.stacktrace, event, enhancements, store);
        out.byThread.push_back(int(next++));
    }
}

} // namespace stackdeck::grouping

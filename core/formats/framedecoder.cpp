// Decoding of stack traces, frames, exceptions and threads. Accepts the
// protocol's snake_case keys and the API serializer's camelCase ones, so both
// event shapes share this code.

#include "decodelimits.h"
#include "eventdecoder.h"
#include "jsonaccess.h"

namespace stackdeck::detail {

using namespace json;

namespace {

// API frames carry `context: [[lineno, "text"], ...]` instead of
// pre_context/context_line/post_context; split it at the frame's line.
void splitApiContext(element context, Frame& frame)
{
    if (!isArray(context))
        return;
    for (element item : array(context)) {
        if (!isArray(item))
            continue;
        array pair = item;
        if (pair.size() < 2)
            continue;
        const auto line = integer(pair.at(0));
        const element textEl = pair.at(1);
        std::string text = isString(textEl) ? str(textEl) : std::string();
        if (!line || !frame.lineno) {
            frame.preContext.push_back(std::move(text));
            continue;
        }
        if (*line < *frame.lineno)
            frame.preContext.push_back(std::move(text));
        else if (*line == *frame.lineno)
            frame.contextLine = std::move(text);
        else
            frame.postContext.push_back(std::move(text));
    }
}

bool isUrlWithPath(std::string_view path, std::string_view& urlPath)
{
    for (std::string_view scheme : {"file:", "http:", "https:", "applewebdata:"}) {
        if (path.substr(0, scheme.size()) == scheme) {
            std::string_view rest = path.substr(scheme.size());
            // strip "//authority"
            if (rest.substr(0, 2) == "//") {
                rest.remove_prefix(2);
                const auto slash = rest.find('/');
                rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
            }
            const auto cut = rest.find_first_of("?#");
            if (cut != std::string_view::npos)
                rest = rest.substr(0, cut);
            urlPath = rest;
            return !rest.empty() && rest != "/";
        }
    }
    return false;
}

std::optional<NsError> decodeNsError(element meta)
{
    auto ns = member(meta, "ns_error");
    if (!ns || !isObject(*ns))
        return std::nullopt;
    NsError out;
    if (auto domain = member(*ns, "domain"); domain && !isNull(*domain))
        out.domain = pythonStr(*domain);
    if (auto code = member(*ns, "code"); code && !isNull(*code))
        out.code = pythonStr(*code);
    return out;
}

Mechanism decodeMechanism(element el)
{
    Mechanism m;
    if (!isObject(el))
        return m;
    for (auto [key, value] : object(el)) {
        if (key == "type")
            m.type = str(value);
        else if (key == "handled")
            m.handled = boolean(value);
        else if (key == "synthetic")
            m.synthetic = boolean(value);
        else if (key == "description")
            m.description = str(value);
        else if (key == "help_link" || key == "helpLink")
            m.helpLink = str(value);
        else if (key == "source")
            m.source = str(value);
        else if (key == "is_exception_group")
            m.isExceptionGroup = boolean(value);
        else if (key == "exception_id")
            m.exceptionId = unsignedInteger(value);
        else if (key == "parent_id")
            m.parentId = unsignedInteger(value);
        else if (key == "data" && !isNull(value))
            m.data = raw(value);
        else if (key == "meta" && isObject(value)) {
            m.meta = raw(value);
            m.nsError = decodeNsError(value);
        }
    }
    return m;
}

// The frames to keep of a list of `size`: the last kFramesPerStacktrace (as
// Relay), and no more than the event's frame budget has left.
KeptRange keptFrames(std::size_t size)
{
    KeptRange keep = keepWithin("frames", size, limits::kFramesPerStacktrace, true);
    const std::size_t granted = takeFrameBudget(keep.count);
    if (granted < keep.count) {
        recordTrim("frames", size, granted);
        keep.first += keep.count - granted;
        keep.count = granted;
    }
    return keep;
}

void decodeFrames(array frames, bool objectsOnly, DecodeDetail depth, Stacktrace& st)
{
    const KeptRange keep = keptFrames(frames.size());
    st.frames.reserve(keep.count);
    std::size_t index = 0;
    for (element frame : frames) {
        if (!keep.contains(index++))
            continue;
        if (!objectsOnly || isObject(frame))
            st.frames.push_back(decodeFrame(frame, depth));
    }
}

} // namespace

Frame decodeFrame(element el, DecodeDetail depth)
{
    const bool full = depth == DecodeDetail::Full;
    Frame f;
    if (!isObject(el))
        return f;
    std::optional<element> apiContext;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (key == "function")
            f.function = lenient(value);
        else if (key == "raw_function" || key == "rawFunction")
            f.rawFunction = str(value);
        else if (key == "symbol")
            f.symbol = str(value);
        else if (key == "module")
            f.module = str(value);
        else if (key == "filename")
            f.filename = str(value);
        else if (key == "abs_path" || key == "absPath")
            f.absPath = str(value);
        else if (key == "package")
            f.package = str(value);
        else if (key == "platform")
            f.platform = str(value);
        else if (key == "lineno" || key == "lineNo")
            f.lineno = integer(value);
        else if (key == "colno" || key == "colNo")
            f.colno = integer(value);
        else if (key == "context_line")
            f.contextLine = str(value);
        else if (key == "pre_context") {
            if (full)
                f.preContext = lines(value, "pre_context");
        } else if (key == "post_context") {
            if (full)
                f.postContext = lines(value, "post_context");
        } else if (key == "context")
            apiContext = value;
        else if (key == "in_app" || key == "inApp")
            f.inApp = boolean(value);
        else if (key == "vars") {
            if (full)
                f.vars = raw(value);
        } else if (key == "instruction_addr" || key == "instructionAddr")
            f.instructionAddr = address(value);
        else if (key == "symbol_addr" || key == "symbolAddr")
            f.symbolAddr = address(value);
        else if (key == "image_addr" || key == "imageAddr")
            f.imageAddr = address(value);
        else if (key == "function_id" || key == "functionId")
            f.functionId = address(value);
        else if (key == "addr_mode" || key == "addrMode")
            f.addrMode = str(value);
        else if (key == "data")
            f.data = raw(value);
        else if (key == "lock") {
            if (full)
                f.lock = raw(value);
        } else if (key == "stack_start")
            f.stackStart = boolean(value);
        else if (key == "trust")
            f.trust = str(value);
        else if (key == "sourceLink")
            f.sourceLink = str(value);
    }
    if (apiContext && f.contextLine.empty() && f.preContext.empty())
        splitApiContext(*apiContext, f);
    limitChars("function", f.function, limits::kSymbolChars);
    limitChars("symbol", f.symbol, limits::kSymbolChars);
    limitChars("filename", f.filename, limits::kPathChars);
    limitChars("abs_path", f.absPath, limits::kPathChars);

    // Relay: abs_path and filename fill each other; a URL path becomes the filename.
    if (f.absPath.empty() && !f.filename.empty()) {
        f.absPath = std::move(f.filename);
        f.filename.clear();
    }
    if (f.filename.empty() && !f.absPath.empty()) {
        std::string_view urlPath;
        if (isUrlWithPath(f.absPath, urlPath))
            f.filename = std::string(urlPath);
        else
            f.filename = f.absPath;
    }
    return f;
}

Stacktrace decodeStacktrace(element el, DecodeDetail depth)
{
    Stacktrace st;
    if (isArray(el)) { // some SDKs send the frame list alone
        decodeFrames(array(el), false, depth, st);
        return st;
    }
    if (!isObject(el))
        return st;
    for (auto [key, value] : object(el)) {
        if (key == "frames" && isArray(value)) {
            decodeFrames(array(value), true, depth, st);
        } else if (key == "registers" && !isNull(value) && depth == DecodeDetail::Full) {
            st.registers = raw(value);
        } else if (key == "lang") {
            st.lang = str(value);
        } else if (key == "snapshot") {
            st.snapshot = boolean(value);
        } else if (key == "instruction_addr_adjustment") {
            st.instructionAddrAdjustment = str(value);
        } else if ((key == "framesOmitted" || key == "frames_omitted") && isArray(value) && array(value).size() == 2) {
            st.framesOmitted0 = integer(array(value).at(0));
            st.framesOmitted1 = integer(array(value).at(1));
        }
    }
    return st;
}

ExceptionValue decodeException(element el, DecodeDetail depth)
{
    ExceptionValue ex;
    if (!isObject(el))
        return ex;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (key == "type")
            ex.type = lenient(value);
        else if (key == "value")
            ex.value = isString(value) ? str(value) : minified(value);
        else if (key == "module")
            ex.module = str(value);
        else if (key == "thread_id" || key == "threadId")
            ex.threadId = lenient(value);
        else if (key == "stacktrace") {
            const TrimPath path("stacktrace");
            ex.stacktrace = decodeStacktrace(value, depth);
        } else if (key == "raw_stacktrace" || key == "rawStacktrace") {
            const TrimPath path("raw_stacktrace");
            ex.rawStacktrace = decodeStacktrace(value, depth);
        } else if (key == "mechanism" && isObject(value))
            ex.mechanism = decodeMechanism(value);
    }
    return ex;
}

Thread decodeThread(element el, DecodeDetail depth)
{
    Thread t;
    if (!isObject(el))
        return t;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (key == "id")
            t.id = lenient(value);
        else if (key == "name")
            t.name = str(value);
        else if (key == "crashed")
            t.crashed = boolean(value);
        else if (key == "current")
            t.current = boolean(value);
        else if (key == "main")
            t.main = boolean(value);
        else if (key == "state")
            t.state = str(value);
        else if (key == "stacktrace") {
            const TrimPath path("stacktrace");
            t.stacktrace = decodeStacktrace(value, depth);
        } else if (key == "raw_stacktrace" || key == "rawStacktrace") {
            const TrimPath path("raw_stacktrace");
            t.rawStacktrace = decodeStacktrace(value, depth);
        } else if (key == "held_locks" || key == "heldLocks")
            t.heldLocks = raw(value);
    }
    return t;
}

void decodeExceptionList(element el, Event& event, DecodeDetail depth)
{
    const auto list = valuesList(el);
    // The reported exception is the last of the chain: keep the newest.
    const KeptRange keep = keepWithin("exception.values", list.size(), limits::kExceptions, true);
    event.exceptions.reserve(keep.count);
    for (std::size_t i = keep.first; i < keep.first + keep.count; ++i) {
        if (!isObject(list[i]))
            continue;
        const TrimPath path("exception.values", i);
        event.exceptions.push_back(decodeException(list[i], depth));
    }
}

void decodeThreadList(element el, Event& event, DecodeDetail depth)
{
    const auto list = valuesList(el);
    const KeptRange keep = keepWithin("threads.values", list.size(), limits::kThreads, false);
    event.threads.reserve(keep.count);
    for (std::size_t i = keep.first; i < keep.first + keep.count; ++i) {
        if (!isObject(list[i]))
            continue;
        const TrimPath path("threads.values", i);
        event.threads.push_back(decodeThread(list[i], depth));
    }
}

} // namespace stackdeck::detail
